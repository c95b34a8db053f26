//! The td_api request layer: parsing a request, running the synchronous functions, and
//! writing answers with `@extra` (and `@client_id` for td_receive).

pub mod json_value;
pub mod log_requests;
pub mod reply;
pub mod sync;

pub use reply::{error, not_implemented, Reply, TdError};
