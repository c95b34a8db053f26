//! help.getConfig, help.getNearestDc and the terms of service.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::Context;
use crate::world::{World, WorldResult};

/// Seconds a client may keep the config.
const CONFIG_TTL: i32 = 3600;
/// Seconds before a client should ask for new terms of service again.
const TERMS_RECHECK: i32 = 86_400;

pub fn config(ctx: &Context) -> enums::Config {
    let dc_options = ctx
        .dcs
        .iter()
        .map(|dc| {
            enums::DcOption::DcOption(Box::new(types::DcOption {
                ipv6: false,
                media_only: false,
                tcpo_only: false,
                cdn: false,
                r#static: false,
                this_port_only: false,
                id: dc.id,
                ip_address: dc.ip.clone(),
                port: dc.port,
                secret: None,
            }))
        })
        .collect();
    enums::Config::Config(Box::new(types::Config {
        default_p2p_contacts: false,
        preload_featured_stickers: false,
        revoke_pm_inbox: true,
        blocked_mode: false,
        force_try_ipv6: false,
        date: ctx.now,
        expires: ctx.now.saturating_add(CONFIG_TTL),
        test_mode: ctx.test_mode,
        this_dc: ctx.dc_id,
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
        webfile_dc_id: 4.min(ctx.dcs.len() as i32).max(1),
        suggested_lang_code: None,
        lang_pack_version: None,
        base_lang_pack_version: None,
        reactions_default: None,
        autologin_token: None,
    }))
}

/// The client is always nearest to the DC it asks.
pub fn nearest_dc(ctx: &Context) -> enums::NearestDc {
    enums::NearestDc::NearestDc(Box::new(types::NearestDc {
        country: String::new(),
        this_dc: ctx.dc_id,
        nearest_dc: ctx.dc_id,
    }))
}

/// help.acceptTermsOfService after signUp: the terms never change here, so any id is taken
/// for the current terms, and the answer is boolTrue.
pub fn accept_terms_of_service(
    world: &mut World,
    ctx: &Context,
    _x: &functions::help::AcceptTermsOfService,
) -> WorldResult<Vec<u8>> {
    ctx.caller(world)?;
    Ok(true.to_bytes())
}

/// help.getTermsOfServiceUpdate: the terms never change, so there is never an update.
pub fn terms_of_service_update(world: &mut World, ctx: &Context) -> WorldResult<Vec<u8>> {
    ctx.caller(world)?;
    Ok(
        enums::help::TermsOfServiceUpdate::Empty(Box::new(
            types::help::TermsOfServiceUpdateEmpty {
                expires: ctx.now.saturating_add(TERMS_RECHECK),
            },
        ))
        .to_bytes(),
    )
}
