//! Admin and banned rights as TL, both ways (their bits are the TL flag bits).

use tl::api::{enums, types};

use crate::world::{AdminRights, BannedRights};

fn bit(flags: u32, n: u32) -> bool {
    flags & (1 << n) != 0
}

pub fn admin_rights(r: AdminRights) -> enums::ChatAdminRights {
    let f = r.0;
    enums::ChatAdminRights::ChatAdminRights(Box::new(types::ChatAdminRights {
        change_info: bit(f, 0),
        post_messages: bit(f, 1),
        edit_messages: bit(f, 2),
        delete_messages: bit(f, 3),
        ban_users: bit(f, 4),
        invite_users: bit(f, 5),
        pin_messages: bit(f, 7),
        add_admins: bit(f, 9),
        anonymous: bit(f, 10),
        manage_call: bit(f, 11),
        other: bit(f, 12),
        manage_topics: bit(f, 13),
        post_stories: bit(f, 14),
        edit_stories: bit(f, 15),
        delete_stories: bit(f, 16),
        manage_direct_messages: bit(f, 17),
        manage_ranks: bit(f, 18),
    }))
}

pub fn admin_rights_in(r: &enums::ChatAdminRights) -> AdminRights {
    let enums::ChatAdminRights::ChatAdminRights(r) = r;
    let bits = [
        (r.change_info, 0),
        (r.post_messages, 1),
        (r.edit_messages, 2),
        (r.delete_messages, 3),
        (r.ban_users, 4),
        (r.invite_users, 5),
        (r.pin_messages, 7),
        (r.add_admins, 9),
        (r.anonymous, 10),
        (r.manage_call, 11),
        (r.other, 12),
        (r.manage_topics, 13),
        (r.post_stories, 14),
        (r.edit_stories, 15),
        (r.delete_stories, 16),
        (r.manage_direct_messages, 17),
        (r.manage_ranks, 18),
    ];
    AdminRights(
        bits.iter()
            .filter(|(on, _)| *on)
            .fold(0, |acc, (_, n)| acc | 1 << n),
    )
}

pub fn banned_rights(r: BannedRights) -> enums::ChatBannedRights {
    let f = r.flags;
    enums::ChatBannedRights::ChatBannedRights(Box::new(types::ChatBannedRights {
        view_messages: bit(f, 0),
        send_messages: bit(f, 1),
        send_media: bit(f, 2),
        send_stickers: bit(f, 3),
        send_gifs: bit(f, 4),
        send_games: bit(f, 5),
        send_inline: bit(f, 6),
        embed_links: bit(f, 7),
        send_polls: bit(f, 8),
        change_info: bit(f, 10),
        invite_users: bit(f, 15),
        pin_messages: bit(f, 17),
        manage_topics: bit(f, 18),
        send_photos: bit(f, 19),
        send_videos: bit(f, 20),
        send_roundvideos: bit(f, 21),
        send_audios: bit(f, 22),
        send_voices: bit(f, 23),
        send_docs: bit(f, 24),
        send_plain: bit(f, 25),
        edit_rank: bit(f, 26),
        send_reactions: bit(f, 27),
        until_date: r.until_date,
    }))
}

pub fn banned_rights_in(r: &enums::ChatBannedRights) -> BannedRights {
    let enums::ChatBannedRights::ChatBannedRights(r) = r;
    let bits = [
        (r.view_messages, 0),
        (r.send_messages, 1),
        (r.send_media, 2),
        (r.send_stickers, 3),
        (r.send_gifs, 4),
        (r.send_games, 5),
        (r.send_inline, 6),
        (r.embed_links, 7),
        (r.send_polls, 8),
        (r.change_info, 10),
        (r.invite_users, 15),
        (r.pin_messages, 17),
        (r.manage_topics, 18),
        (r.send_photos, 19),
        (r.send_videos, 20),
        (r.send_roundvideos, 21),
        (r.send_audios, 22),
        (r.send_voices, 23),
        (r.send_docs, 24),
        (r.send_plain, 25),
        (r.edit_rank, 26),
        (r.send_reactions, 27),
    ];
    BannedRights {
        flags: bits
            .iter()
            .filter(|(on, _)| *on)
            .fold(0, |acc, (_, n)| acc | 1 << n),
        until_date: r.until_date,
    }
}
