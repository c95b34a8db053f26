//! getChatFolderDefaultIconName: the icon TDLib picks for a folder from its filters.

/// The parts of a td_api `chatFolder` that decide its default icon.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderFilter {
    /// `icon.name`, if the folder has an icon.
    pub icon_name: Option<String>,
    pub has_pinned_chats: bool,
    pub has_included_chats: bool,
    pub has_excluded_chats: bool,
    pub include_contacts: bool,
    pub include_non_contacts: bool,
    pub include_groups: bool,
    pub include_channels: bool,
    pub include_bots: bool,
    pub exclude_muted: bool,
    pub exclude_read: bool,
    pub exclude_archived: bool,
}

/// Icon names Telegram apps know (td_api.tl, chatFolderIcon).
const ICON_NAMES: [&str; 30] = [
    "All", "Unread", "Unmuted", "Bots", "Channels", "Groups", "Private", "Custom", "Setup", "Cat",
    "Crown", "Favorite", "Flower", "Game", "Home", "Love", "Mask", "Party", "Sport", "Study",
    "Trade", "Travel", "Work", "Airplane", "Book", "Light", "Like", "Money", "Note", "Palette",
];

/// The icon name: a known chosen icon wins; otherwise it follows from which chat types the
/// folder includes, and for mixed folders from which chats it excludes.
pub fn default_icon_name(folder: &FolderFilter) -> &'static str {
    if let Some(name) = folder.icon_name.as_deref() {
        if let Some(known) = ICON_NAMES.iter().find(|&&n| n == name) {
            return known;
        }
    }
    if folder.has_pinned_chats || folder.has_included_chats || folder.has_excluded_chats {
        return "Custom";
    }
    let users = folder.include_contacts || folder.include_non_contacts;
    let kinds = [
        users,
        folder.include_groups,
        folder.include_channels,
        folder.include_bots,
    ];
    match kinds {
        [false, false, false, false] => "Custom",
        [true, false, false, false] => "Private",
        [false, true, false, false] => "Groups",
        [false, false, true, false] => "Channels",
        [false, false, false, true] => "Bots",
        _ => match (folder.exclude_muted, folder.exclude_read) {
            (true, false) => "Unmuted",
            (false, true) => "Unread",
            _ => "Custom",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{default_icon_name, FolderFilter};

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn single_chat_type_folders() {
        let f = FolderFilter {
            include_contacts: true,
            exclude_muted: true,
            ..Default::default()
        };
        assert_eq!(default_icon_name(&f), "Private");
        let f = FolderFilter {
            include_groups: true,
            ..Default::default()
        };
        assert_eq!(default_icon_name(&f), "Groups");
        let f = FolderFilter {
            include_bots: true,
            exclude_read: true,
            ..Default::default()
        };
        assert_eq!(default_icon_name(&f), "Bots");
        assert_eq!(default_icon_name(&FolderFilter::default()), "Custom");
    }

    #[test]
    fn mixed_folders_and_chosen_icons() {
        let mixed = FolderFilter {
            include_contacts: true,
            include_groups: true,
            ..Default::default()
        };
        assert_eq!(default_icon_name(&mixed), "Custom");
        let f = FolderFilter {
            exclude_muted: true,
            exclude_archived: true,
            ..mixed.clone()
        };
        assert_eq!(default_icon_name(&f), "Unmuted");
        let f = FolderFilter {
            exclude_read: true,
            ..mixed.clone()
        };
        assert_eq!(default_icon_name(&f), "Unread");
        let f = FolderFilter {
            exclude_read: true,
            exclude_muted: true,
            ..mixed.clone()
        };
        assert_eq!(default_icon_name(&f), "Custom");
        let f = FolderFilter {
            include_groups: true,
            has_included_chats: true,
            ..Default::default()
        };
        assert_eq!(default_icon_name(&f), "Custom");
        let f = FolderFilter {
            icon_name: Some("Cat".into()),
            ..Default::default()
        };
        assert_eq!(default_icon_name(&f), "Cat");
        let f = FolderFilter {
            icon_name: Some("cat".into()),
            include_groups: true,
            ..Default::default()
        };
        assert_eq!(default_icon_name(&f), "Groups");
    }
}
