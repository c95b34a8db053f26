//! help.getConfig and help.getNearestDc: how clients learn where the other DCs are.

use tl::api::{enums, types};
use tl::Serialize;

/// Where the DCs listen: (dc id, port), all on one host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DcAddresses {
    pub host: String,
    pub ports: Vec<(i32, u16)>,
}

/// Seconds a client may keep the config.
const CONFIG_TTL: i32 = 3600;

/// The `config` answered on `this_dc`.
pub fn config(addresses: &DcAddresses, this_dc: i32, now: i32) -> Vec<u8> {
    let dc_options = addresses
        .ports
        .iter()
        .map(|&(id, port)| {
            enums::DcOption::from(types::DcOption {
                ipv6: false,
                media_only: false,
                tcpo_only: false,
                cdn: false,
                r#static: false,
                this_port_only: false,
                id,
                ip_address: addresses.host.clone(),
                port: i32::from(port),
                secret: None,
            })
        })
        .collect();
    let config = types::Config {
        default_p2p_contacts: false,
        preload_featured_stickers: false,
        revoke_pm_inbox: true,
        blocked_mode: false,
        force_try_ipv6: false,
        date: now,
        expires: now.saturating_add(CONFIG_TTL),
        test_mode: false,
        this_dc,
        dc_options,
        dc_txt_domain_name: String::new(),
        chat_size_max: 200,
        megagroup_size_max: 200_000,
        forwarded_count_max: 100,
        online_update_period_ms: 210_000,
        offline_blur_timeout_ms: 5_000,
        offline_idle_timeout_ms: 30_000,
        online_cloud_timeout_ms: 300_000,
        notify_cloud_delay_ms: 30_000,
        notify_default_delay_ms: 1_500,
        push_chat_period_ms: 60_000,
        push_chat_limit: 2,
        edit_time_limit: 172_800,
        revoke_time_limit: i32::MAX,
        revoke_pm_time_limit: i32::MAX,
        rating_e_decay: 2_419_200,
        stickers_recent_limit: 200,
        channels_read_media_period: 604_800,
        tmp_sessions: None,
        call_receive_timeout_ms: 20_000,
        call_ring_timeout_ms: 90_000,
        call_connect_timeout_ms: 30_000,
        call_packet_timeout_ms: 10_000,
        me_url_prefix: "https://t.me/".into(),
        autoupdate_url_prefix: None,
        gif_search_username: None,
        venue_search_username: None,
        img_search_username: None,
        static_maps_provider: None,
        caption_length_max: 1024,
        message_length_max: 4096,
        webfile_dc_id: 4.min(addresses.ports.len() as i32).max(1),
        suggested_lang_code: None,
        lang_pack_version: None,
        base_lang_pack_version: None,
        reactions_default: None,
        autologin_token: None,
    };
    enums::Config::from(config).to_bytes()
}

/// `nearestDc`: the client is always nearest to the DC it asks.
pub fn nearest_dc(this_dc: i32) -> Vec<u8> {
    enums::NearestDc::from(types::NearestDc {
        country: "XX".into(),
        this_dc,
        nearest_dc: this_dc,
    })
    .to_bytes()
}
