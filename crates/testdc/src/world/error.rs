//! Telegram's rpc_error answers, as one enum, and the world's error type around it.

/// An rpc_error as Telegram sends it: `code()` and `message()` give the wire values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RpcError {
    // 303: the request belongs to another DC.
    #[error("PHONE_MIGRATE_{0}")]
    PhoneMigrate(i32),
    #[error("USER_MIGRATE_{0}")]
    UserMigrate(i32),
    #[error("NETWORK_MIGRATE_{0}")]
    NetworkMigrate(i32),
    #[error("FILE_MIGRATE_{0}")]
    FileMigrate(i32),

    // 400 (PHONE_NUMBER_INVALID: 406): sign-in.
    #[error("PHONE_NUMBER_INVALID")]
    PhoneNumberInvalid,
    #[error("PHONE_NUMBER_OCCUPIED")]
    PhoneNumberOccupied,
    #[error("PHONE_NUMBER_UNOCCUPIED")]
    PhoneNumberUnoccupied,
    #[error("PHONE_CODE_EMPTY")]
    PhoneCodeEmpty,
    #[error("PHONE_CODE_INVALID")]
    PhoneCodeInvalid,
    #[error("PHONE_CODE_EXPIRED")]
    PhoneCodeExpired,
    #[error("PHONE_CODE_HASH_EMPTY")]
    PhoneCodeHashEmpty,
    #[error("FIRSTNAME_INVALID")]
    FirstnameInvalid,
    #[error("LASTNAME_INVALID")]
    LastnameInvalid,
    #[error("ACCESS_TOKEN_INVALID")]
    AccessTokenInvalid,
    #[error("AUTH_BYTES_INVALID")]
    AuthBytesInvalid,
    #[error("DC_ID_INVALID")]
    DcIdInvalid,
    #[error("AUTH_TOKEN_INVALID")]
    AuthTokenInvalid,
    #[error("AUTH_TOKEN_EXPIRED")]
    AuthTokenExpired,
    #[error("AUTH_TOKEN_ALREADY_ACCEPTED")]
    AuthTokenAlreadyAccepted,
    #[error("TEMP_AUTH_KEY_EMPTY")]
    TempAuthKeyEmpty,
    #[error("PERM_AUTH_KEY_EMPTY")]
    PermAuthKeyEmpty,
    #[error("BOT_METHOD_INVALID")]
    BotMethodInvalid,
    /// 406: auth.resendCode after every way of sending the code was used.
    #[error("SEND_CODE_UNAVAILABLE")]
    SendCodeUnavailable,
    /// account.resetAuthorization with a hash that names none of the user's sessions.
    #[error("HASH_INVALID")]
    HashInvalid,

    // 400: passwords.
    #[error("PASSWORD_HASH_INVALID")]
    PasswordHashInvalid,
    #[error("SRP_ID_INVALID")]
    SrpIdInvalid,
    #[error("SRP_PASSWORD_CHANGED")]
    SrpPasswordChanged,
    #[error("NEW_SALT_INVALID")]
    NewSaltInvalid,
    #[error("NEW_SETTINGS_INVALID")]
    NewSettingsInvalid,
    #[error("PASSWORD_HINT_INVALID")]
    PasswordHintInvalid,

    // 400: users and peers.
    #[error("USERNAME_INVALID")]
    UsernameInvalid,
    #[error("USERNAME_OCCUPIED")]
    UsernameOccupied,
    #[error("USERNAME_NOT_MODIFIED")]
    UsernameNotModified,
    #[error("USERNAME_NOT_OCCUPIED")]
    UsernameNotOccupied,
    #[error("USER_ID_INVALID")]
    UserIdInvalid,
    #[error("PEER_ID_INVALID")]
    PeerIdInvalid,
    #[error("CONTACT_ID_INVALID")]
    ContactIdInvalid,
    #[error("CONTACT_NAME_EMPTY")]
    ContactNameEmpty,
    #[error("QUERY_TOO_SHORT")]
    QueryTooShort,
    #[error("ABOUT_TOO_LONG")]
    AboutTooLong,
    #[error("INPUT_USER_DEACTIVATED")]
    InputUserDeactivated,

    // 400/403: chats and channels.
    #[error("CHAT_ID_INVALID")]
    ChatIdInvalid,
    #[error("CHANNEL_INVALID")]
    ChannelInvalid,
    #[error("CHANNEL_PRIVATE")]
    ChannelPrivate,
    #[error("CHAT_TITLE_EMPTY")]
    ChatTitleEmpty,
    #[error("CHAT_NOT_MODIFIED")]
    ChatNotModified,
    #[error("USER_ALREADY_PARTICIPANT")]
    UserAlreadyParticipant,
    #[error("USER_NOT_PARTICIPANT")]
    UserNotParticipant,
    #[error("CHAT_ADMIN_REQUIRED")]
    ChatAdminRequired,
    /// channels.deleteHistory by someone not in the channel (Telegram's spelling).
    #[error("CHANNEL_PARICIPANT_MISSING")]
    ChannelParticipantMissing,
    #[error("USERS_TOO_MUCH")]
    UsersTooMuch,
    #[error("USER_BOT")]
    UserBot,
    #[error("CHAT_WRITE_FORBIDDEN")]
    ChatWriteForbidden,
    #[error("CHAT_ABOUT_NOT_MODIFIED")]
    ChatAboutNotModified,
    #[error("CHAT_ABOUT_TOO_LONG")]
    ChatAboutTooLong,
    #[error("USER_CREATOR")]
    UserCreator,
    #[error("USER_ADMIN_INVALID")]
    UserAdminInvalid,
    #[error("ADMIN_RANK_INVALID")]
    AdminRankInvalid,
    #[error("RIGHT_FORBIDDEN")]
    RightForbidden,
    #[error("USER_BANNED_IN_CHANNEL")]
    UserBannedInChannel,
    #[error("INVITE_HASH_EMPTY")]
    InviteHashEmpty,
    #[error("INVITE_HASH_INVALID")]
    InviteHashInvalid,
    #[error("INVITE_HASH_EXPIRED")]
    InviteHashExpired,
    #[error("PINNED_DIALOGS_TOO_MUCH")]
    PinnedDialogsTooMuch,
    #[error("FOLDER_ID_INVALID")]
    FolderIdInvalid,

    // 400: messages.
    #[error("MESSAGE_EMPTY")]
    MessageEmpty,
    #[error("MESSAGE_TOO_LONG")]
    MessageTooLong,
    #[error("MESSAGE_ID_INVALID")]
    MessageIdInvalid,
    #[error("MESSAGE_IDS_EMPTY")]
    MessageIdsEmpty,
    #[error("MESSAGE_NOT_MODIFIED")]
    MessageNotModified,
    #[error("MESSAGE_AUTHOR_REQUIRED")]
    MessageAuthorRequired,
    #[error("MESSAGE_EDIT_TIME_EXPIRED")]
    MessageEditTimeExpired,
    #[error("MESSAGE_DELETE_FORBIDDEN")]
    MessageDeleteForbidden,
    #[error("MIN_DATE_INVALID")]
    MinDateInvalid,
    #[error("MAX_DATE_INVALID")]
    MaxDateInvalid,
    #[error("CHAT_REVOKE_DATE_UNSUPPORTED")]
    ChatRevokeDateUnsupported,
    #[error("RANDOM_ID_INVALID")]
    RandomIdInvalid,
    /// 500: a repeated random_id whose first message is gone.
    #[error("RANDOM_ID_DUPLICATE")]
    RandomIdDuplicate,
    #[error("ENTITY_BOUNDS_INVALID")]
    EntityBoundsInvalid,
    #[error("REPLY_MESSAGE_ID_INVALID")]
    ReplyMessageIdInvalid,
    #[error("SEARCH_QUERY_EMPTY")]
    SearchQueryEmpty,
    #[error("MEDIA_EMPTY")]
    MediaEmpty,
    #[error("MEDIA_INVALID")]
    MediaInvalid,
    #[error("PHOTO_INVALID_DIMENSIONS")]
    PhotoInvalidDimensions,

    // 400: pagination and updates.
    #[error("LIMIT_INVALID")]
    LimitInvalid,
    #[error("OFFSET_INVALID")]
    OffsetInvalid,
    #[error("PERSISTENT_TIMESTAMP_INVALID")]
    PersistentTimestampInvalid,
    #[error("PERSISTENT_TIMESTAMP_EMPTY")]
    PersistentTimestampEmpty,

    // 400: files.
    #[error("FILE_PART_INVALID")]
    FilePartInvalid,
    #[error("FILE_PARTS_INVALID")]
    FilePartsInvalid,
    #[error("FILE_PART_EMPTY")]
    FilePartEmpty,
    #[error("FILE_PART_TOO_BIG")]
    FilePartTooBig,
    #[error("FILE_PART_SIZE_INVALID")]
    FilePartSizeInvalid,
    #[error("FILE_PART_SIZE_CHANGED")]
    FilePartSizeChanged,
    #[error("FILE_PART_{0}_MISSING")]
    FilePartMissing(i32),
    #[error("MD5_CHECKSUM_INVALID")]
    Md5ChecksumInvalid,
    #[error("FILE_ID_INVALID")]
    FileIdInvalid,
    #[error("LOCATION_INVALID")]
    LocationInvalid,
    #[error("FILE_REFERENCE_EMPTY")]
    FileReferenceEmpty,
    #[error("FILE_REFERENCE_EXPIRED")]
    FileReferenceExpired,
    #[error("FILE_REFERENCE_INVALID")]
    FileReferenceInvalid,

    // 401: authorization.
    #[error("AUTH_KEY_UNREGISTERED")]
    AuthKeyUnregistered,
    #[error("SESSION_PASSWORD_NEEDED")]
    SessionPasswordNeeded,
    #[error("USER_DEACTIVATED")]
    UserDeactivated,

    // 420
    #[error("FLOOD_WAIT_{0}")]
    FloodWait(i32),

    // 400: a function this server does not implement.
    #[error("INPUT_METHOD_INVALID")]
    InputMethodInvalid,

    // 500
    #[error("INTERNAL")]
    Internal,
}

impl RpcError {
    /// The rpc_error's `error_code`.
    pub fn code(&self) -> i32 {
        use RpcError::*;
        match self {
            PhoneMigrate(_) | UserMigrate(_) | NetworkMigrate(_) | FileMigrate(_) => 303,
            ChatWriteForbidden | MessageDeleteForbidden | RightForbidden | UserBannedInChannel => {
                403
            }
            // Telegram's docs list PHONE_NUMBER_INVALID as 406 for sendCode, resendCode and
            // signIn.
            PhoneNumberInvalid | SendCodeUnavailable => 406,
            AuthKeyUnregistered | SessionPasswordNeeded | UserDeactivated => 401,
            FloodWait(_) => 420,
            Internal | RandomIdDuplicate => 500,
            _ => 400,
        }
    }

    /// The rpc_error's `error_message`.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// What a world operation can fail with: a Telegram answer, or a broken database.
#[derive(Debug, thiserror::Error)]
pub enum WorldError {
    #[error(transparent)]
    Rpc(#[from] RpcError),
    #[error("storage: {0}")]
    Store(#[from] rusqlite::Error),
    #[error("stored data is malformed: {0}")]
    Data(#[from] serde_json::Error),
}

impl WorldError {
    /// The rpc_error a client sees: storage failures are Telegram's `500 INTERNAL`.
    pub fn rpc(&self) -> RpcError {
        match self {
            WorldError::Rpc(e) => e.clone(),
            WorldError::Store(_) | WorldError::Data(_) => RpcError::Internal,
        }
    }

    pub fn is(&self, e: &RpcError) -> bool {
        matches!(self, WorldError::Rpc(mine) if mine == e)
    }
}

pub type WorldResult<T> = Result<T, WorldError>;

/// Shorthand for `Err(RpcError::X.into())`.
pub(crate) fn fail<T>(e: RpcError) -> WorldResult<T> {
    Err(WorldError::Rpc(e))
}

/// Most ids one request may name (a decoded vector can hold far more).
pub const BATCH_MAX: usize = 1000;

/// LIMIT_INVALID for a request naming more than [`BATCH_MAX`] ids.
pub(crate) fn check_batch(len: usize) -> Result<(), RpcError> {
    if len > BATCH_MAX {
        Err(RpcError::LimitInvalid)
    } else {
        Ok(())
    }
}
