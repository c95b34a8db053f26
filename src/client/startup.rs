//! A client's first steps: the updates it starts with, setTdlibParameters (checked on the
//! caller's thread, the database opened on the runtime), the updates that follow it, and
//! getCurrentState.

use td_api::{
    ConnectionStateConnecting, GroupCallMessageLevel, OptionValue, UpdateAuthorizationState,
    UpdateConnectionState, UpdateDefaultBackground, UpdateFileDownloads,
    UpdateGroupCallMessageLevels, UpdateOption, UpdateUser, Updates,
};

use super::session::{Flow, Held, Phase, Session};
use super::tdlib_parameters;
use crate::api::sync::sync_option;
use crate::api::{error, not_implemented};
use crate::engine::start::{self, Opened};
use crate::engine::{self, Params};

use super::options::unix_time;

fn option_update(name: impl Into<String>, value: OptionValue) -> td_api::Update {
    UpdateOption {
        name: name.into(),
        value: Some(value),
    }
    .into()
}

impl Session {
    pub(super) fn startup_updates(&self) -> Vec<td_api::Update> {
        let mut updates = Vec::new();
        for name in ["version", "commit_hash"] {
            if let Some(value) = sync_option(name) {
                updates.push(option_update(name, value));
            }
        }
        updates.push(
            UpdateAuthorizationState {
                authorization_state: Some(self.authorization_state()),
            }
            .into(),
        );
        updates
    }

    pub(super) fn current_state(&self) -> Updates {
        let mut updates = Vec::new();
        let [version, commit, ..] = &self.startup_updates()[..] else {
            return Updates { updates };
        };
        updates.push(Some(version.clone()));
        updates.push(Some(commit.clone()));
        let running = self.phase == Phase::Running;
        if running {
            let options = self.options.all();
            for name in ["online", "unix_time"] {
                updates.push(Some(option_update(
                    name,
                    self.options.get(name, unix_time()),
                )));
            }
            for (name, value) in options {
                updates.push(Some(option_update(name, value)));
            }
        }
        if let Some(me) = self.engine.as_ref().and_then(|e| e.users.me()) {
            updates.push(Some(
                UpdateUser {
                    user: Some(Box::new(me.clone())),
                }
                .into(),
            ));
        }
        updates.push(Some(
            UpdateAuthorizationState {
                authorization_state: Some(self.authorization_state()),
            }
            .into(),
        ));
        if let Some(e) = self.engine.as_ref().filter(|_| running) {
            updates.push(Some(
                UpdateConnectionState {
                    state: Some(e.connection.td_state()),
                }
                .into(),
            ));
        }
        Updates { updates }
    }

    /// setTdlibParameters: TDLib's checks here, the database on the runtime.
    pub(super) fn set_tdlib_parameters(&mut self, req: Held) {
        let extra = req.extra.as_deref();
        let td_api::Function::SetTdlibParameters(p) = &req.function else {
            return;
        };
        if let Err(e) = tdlib_parameters::check(p, &req.repaired) {
            self.out.error(e, extra);
            return;
        }
        let params = Params::new(p, &req.repaired);
        self.phase = Phase::Initializing;
        let id = self.id;
        let token = self.begin(req.extra);
        let spawned = super::runtime::spawn(async move {
            let opened = start::open(&params);
            super::registry::with_session(id, move |s| s.finish_init(token, params, opened));
        });
        if !spawned {
            self.phase = Phase::WaitTdlibParameters;
            self.complete(token, Err(error(500, "Can't start the runtime")));
        }
    }

    /// The database is open (or failed to open): the client announces what it starts with,
    /// answers setTdlibParameters, starts its network and takes the requests that waited.
    fn finish_init(&mut self, token: u64, params: Params, opened: Result<Opened, td_api::Error>) {
        if self.phase != Phase::Initializing || !self.is_pending(token) {
            // Closed meanwhile; the database closes as `opened` drops.
            return;
        }
        let opened = match opened {
            Ok(o) => o,
            Err(e) => {
                self.phase = Phase::WaitTdlibParameters;
                self.complete(token, Err(e));
                self.replay_deferred();
                return;
            }
        };
        let offset = tdlib_parameters::utc_time_offset();
        for (name, value) in self
            .options
            .load_defaults(params.use_test_dc, unix_time(), offset)
        {
            self.out.update(UpdateOption {
                name,
                value: Some(value),
            });
        }
        let engine = start::engine(self.id, params, opened, self.out.duplicate());
        self.engine = Some(Box::new(engine));
        self.phase = Phase::Running;
        for held in std::mem::take(&mut self.held) {
            self.preauthentication(&held);
        }
        self.with_engine(start::announce_stored);
        self.set_phase(Phase::Running);
        self.out.update(UpdateGroupCallMessageLevels {
            levels: vec![Some(GroupCallMessageLevel {
                min_star_count: 0,
                pin_duration: 0,
                max_text_length: 30,
                max_custom_emoji_count: 0,
                first_color: 9788635,
                second_color: 9788635,
                background_color: 4786075,
            })],
        });
        self.complete(token, engine::ok(td_api::Ok {}));
        for for_dark_theme in [false, true] {
            self.out.update(UpdateDefaultBackground {
                for_dark_theme,
                background: None,
            });
        }
        self.out.update(UpdateFileDownloads {
            total_size: 0,
            total_count: 0,
            downloaded_size: 0,
        });
        self.out.update(UpdateConnectionState {
            state: Some(ConnectionStateConnecting {}.into()),
        });
        self.with_engine(start::begin);
        self.replay_deferred();
    }

    /// Requests that came while the database opened, in their order. A close among them
    /// aborts those after it (begin_closing takes what is left).
    fn replay_deferred(&mut self) {
        while !self.deferred.is_empty() {
            let req = self.deferred.remove(0);
            if self.dispatch(req) == Flow::Closed {
                return;
            }
        }
    }

    /// Requests allowed before authorization, once the parameters are set.
    pub(super) fn preauthentication(&mut self, req: &Held) {
        let extra = req.extra.as_deref();
        match &req.function {
            td_api::Function::GetOption(f) => {
                let value =
                    sync_option(&f.name).unwrap_or_else(|| self.options.get(&f.name, unix_time()));
                self.out.reply(Ok(value), extra);
            }
            td_api::Function::SetOption(f) => match self.options.set(&f.name, f.value.as_ref()) {
                Ok(change) => {
                    if let Some((name, value)) = change {
                        self.out.update(UpdateOption {
                            name,
                            value: Some(value),
                        });
                    }
                    self.out.reply(Ok(td_api::Ok {}), extra);
                }
                Err(e) => self.out.error(e, extra),
            },
            td_api::Function::SetNetworkType(f) => {
                let up = !matches!(f.r#type, Some(td_api::NetworkType::NetworkTypeNone(_)));
                self.out.reply(Ok(td_api::Ok {}), extra);
                self.with_engine(|td| {
                    td.engine.net.set_network(up);
                    td.engine.connection.set_network(up, td.out);
                });
            }
            f => self.out.reply(
                not_implemented::<td_api::Ok>(super::session::function_name(f)),
                extra,
            ),
        }
    }
}
