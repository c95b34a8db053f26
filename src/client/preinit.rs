//! "Preinitialization" requests: the test calls and setAlarm, answered in any state.

use td_api::{
    Function, TestBytes, TestInt, TestString, TestVectorInt, TestVectorIntObject, TestVectorString,
    TestVectorStringObject,
};

use super::session::{function_name, Held, Session};
use crate::api::{error, not_implemented};

impl Session {
    pub(super) fn preinitialization(&mut self, req: &Held) {
        use Function as F;
        let extra = req.extra.as_deref();
        let out = &self.out;
        match &req.function {
            F::TestCallEmpty(_) => out.reply(Ok(td_api::Ok {}), extra),
            F::TestSquareInt(f) => out.reply(
                Ok(TestInt {
                    value: f.x.wrapping_mul(f.x),
                }),
                extra,
            ),
            F::TestCallString(f) => out.reply(Ok(TestString { value: f.x.clone() }), extra),
            F::TestCallBytes(f) => out.reply(Ok(TestBytes { value: f.x.clone() }), extra),
            F::TestCallVectorInt(f) => out.reply(Ok(TestVectorInt { value: f.x.clone() }), extra),
            F::TestCallVectorIntObject(f) => {
                out.reply(Ok(TestVectorIntObject { value: f.x.clone() }), extra)
            }
            F::TestCallVectorString(f) => {
                out.reply(Ok(TestVectorString { value: f.x.clone() }), extra)
            }
            F::TestCallVectorStringObject(f) => {
                out.reply(Ok(TestVectorStringObject { value: f.x.clone() }), extra)
            }
            F::TestUseUpdate(_) => out.error(error(404, "Not Found"), extra),
            F::TestProxy(f) if f.proxy.is_none() => {
                out.error(error(400, "Proxy must be non-empty"), extra)
            }
            F::SetAlarm(f) => {
                if !(0.0..=3e9).contains(&f.seconds) {
                    out.error(error(400, "Wrong parameter seconds specified"), extra);
                } else {
                    self.set_alarm(f.seconds, req.extra.clone());
                }
            }
            f => out.reply(not_implemented::<td_api::Ok>(function_name(f)), extra),
        }
    }

    fn set_alarm(&mut self, seconds: f64, extra: Option<Box<str>>) {
        let token = self.begin(extra);
        let id = self.id;
        let delay = std::time::Duration::from_secs_f64(seconds);
        let spawned = super::runtime::spawn(async move {
            tokio::time::sleep(delay).await;
            super::registry::complete(id, token, Ok(Box::new(td_api::Ok {})));
        });
        if !spawned {
            self.complete(token, Err(error(500, "Can't start the timer runtime")));
        }
    }
}
