//! Where the DCs listen, as the rpc mapping needs it for help.getConfig's dc_options.

/// (dc id, port) of every DC, all on one host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DcAddresses {
    pub host: String,
    pub ports: Vec<(i32, u16)>,
}
