//! Where the data centers are and which server keys to trust: Telegram's production or test
//! DCs (FACTS.md §6), or a local tdjson-testdc named by `TDJSON_TEST_DC` and
//! `TDJSON_TEST_DC_RSA_KEY`. Addresses learnt later from help.getConfig replace the defaults.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};

use mtproto::rsa_key::RsaPublicKey;

/// Telegram's production server key (FACTS.md §6, fingerprint 0xd09d1d85de64fd85).
const PRODUCTION_KEY: &str = "-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g
5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO
62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/
+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9
t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs
5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB
-----END RSA PUBLIC KEY-----";

/// The test DCs' key (fingerprint 0xb25898df208d2603).
const TEST_KEY: &str = "-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAyMEdY1aR+sCR3ZSJrtztKTKqigvO/vBfqACJLZtS7QMgCGXJ6XIR
yy7mx66W0/sOFa7/1mAZtEoIokDP3ShoqF4fVNb6XeqgQfaUHd8wJpDWHcR2OFwv
plUUI1PLTktZ9uW2WE23b+ixNwJjJGwBDJPQEQFBE+vfmH0JP503wr5INS1poWg/
j25sIWeYPHYeOrFp/eXaqhISP6G+q2IeTaWTXpwZj4LzXq5YOpk4bYEQ6mvRq7D1
aHWfYmlEGepfaYR8Q0YqvvhYtMte3ITnuSJs171+GDqpdKcSwHnd6FudwGO4pcCO
j4WcDuXc2CTHgH8gFTNhp/Y8/SpDOhvn9QIDAQAB
-----END RSA PUBLIC KEY-----";

/// Ports tried for every default address, in order.
const DEFAULT_PORTS: [u16; 3] = [443, 80, 5222];

const PRODUCTION: [(i32, &str); 6] = [
    (1, "149.154.175.50"),
    (2, "149.154.167.51"),
    (2, "95.161.76.100"),
    (3, "149.154.175.100"),
    (4, "149.154.167.91"),
    (5, "149.154.171.5"),
];

const TEST: [(i32, &str); 3] = [
    (1, "149.154.175.10"),
    (2, "149.154.167.40"),
    (3, "149.154.175.117"),
];

/// The environment variables that point the engine at a local testdc.
pub const TEST_DC_ENV: &str = "TDJSON_TEST_DC";
pub const TEST_DC_RSA_KEY_ENV: &str = "TDJSON_TEST_DC_RSA_KEY";

#[derive(Debug, thiserror::Error)]
pub enum DcConfigError {
    #[error("{TEST_DC_ENV}={0:?} is not HOST:PORT")]
    BadAddress(String),
    #[error("{TEST_DC_ENV} is set but {TEST_DC_RSA_KEY_ENV} is not")]
    NoKey,
    #[error("{TEST_DC_RSA_KEY_ENV}: {0}")]
    Key(String),
}

/// The DCs one client may use, with the keys it trusts.
#[derive(Clone, Debug)]
pub struct DcDirectory {
    addresses: BTreeMap<i32, Vec<SocketAddr>>,
    pub keys: Vec<RsaPublicKey>,
    /// Telegram's test DCs (or a testdc): the DC id in the key exchange is +10000.
    pub is_test: bool,
    /// Addresses come only from the local server (a testdc), never Telegram's defaults.
    pub is_local: bool,
}

fn defaults(table: &[(i32, &str)]) -> BTreeMap<i32, Vec<SocketAddr>> {
    let mut map: BTreeMap<i32, Vec<SocketAddr>> = BTreeMap::new();
    for port in DEFAULT_PORTS {
        for &(dc, ip) in table {
            if let Ok(ip) = ip.parse::<IpAddr>() {
                map.entry(dc).or_default().push(SocketAddr::new(ip, port));
            }
        }
    }
    map
}

impl DcDirectory {
    /// Telegram's DCs, or the testdc the environment names.
    pub fn from_env(use_test_dc: bool) -> Result<Self, DcConfigError> {
        match std::env::var(TEST_DC_ENV) {
            Ok(addr) if !addr.is_empty() => {
                let key_file =
                    std::env::var(TEST_DC_RSA_KEY_ENV).map_err(|_| DcConfigError::NoKey)?;
                Self::local(&addr, &key_file, use_test_dc)
            }
            _ => Ok(Self::telegram(use_test_dc)),
        }
    }

    pub fn telegram(use_test_dc: bool) -> Self {
        let (table, pem): (&[(i32, &str)], &str) = if use_test_dc {
            (&TEST, TEST_KEY)
        } else {
            (&PRODUCTION, PRODUCTION_KEY)
        };
        DcDirectory {
            addresses: defaults(table),
            keys: RsaPublicKey::from_pem(pem).into_iter().collect(),
            is_test: use_test_dc,
            is_local: false,
        }
    }

    /// A testdc whose DC 1 listens on `addr`, trusting the key in `key_file`.
    pub fn local(addr: &str, key_file: &str, use_test_dc: bool) -> Result<Self, DcConfigError> {
        let addr: SocketAddr = addr
            .parse()
            .map_err(|_| DcConfigError::BadAddress(addr.to_owned()))?;
        let pem = std::fs::read_to_string(key_file)
            .map_err(|e| DcConfigError::Key(format!("{key_file}: {e}")))?;
        let key = RsaPublicKey::from_pem(&pem)
            .map_err(|e| DcConfigError::Key(format!("{key_file}: {e}")))?;
        Ok(DcDirectory {
            addresses: BTreeMap::from([(1, vec![addr])]),
            keys: vec![key],
            is_test: use_test_dc,
            is_local: true,
        })
    }

    pub fn addresses(&self, dc_id: i32) -> &[SocketAddr] {
        self.addresses.get(&dc_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The DCs with an address.
    pub fn known_dcs(&self) -> Vec<i32> {
        self.addresses.keys().copied().collect()
    }

    pub fn knows(&self, dc_id: i32) -> bool {
        !self.addresses(dc_id).is_empty()
    }

    /// The DC id the key exchange names (p_q_inner_data_dc).
    pub fn handshake_dc_id(&self, dc_id: i32) -> i32 {
        if self.is_test {
            dc_id + 10_000
        } else {
            dc_id
        }
    }

    /// Replaces the addresses of the DCs a config lists (IPv4, not media-only, not CDN).
    pub fn apply(&mut self, options: &[DcOption]) {
        let mut fresh: BTreeMap<i32, Vec<SocketAddr>> = BTreeMap::new();
        for o in options {
            if let Ok(ip) = o.ip.parse::<IpAddr>() {
                if let Ok(port) = u16::try_from(o.port) {
                    fresh
                        .entry(o.dc_id)
                        .or_default()
                        .push(SocketAddr::new(ip, port));
                }
            }
        }
        for (dc, list) in fresh {
            self.addresses.insert(dc, list);
        }
    }

    /// Every address known, as options (for the database).
    pub fn options(&self) -> Vec<DcOption> {
        self.addresses
            .iter()
            .flat_map(|(&dc_id, list)| {
                list.iter().map(move |a| DcOption {
                    dc_id,
                    ip: a.ip().to_string(),
                    port: i32::from(a.port()),
                })
            })
            .collect()
    }
}

/// One address of one DC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DcOption {
    pub dc_id: i32,
    pub ip: String,
    pub port: i32,
}

/// The usable addresses of a help.getConfig answer: IPv4, not media-only, not CDN, no
/// MTProxy secret.
pub fn config_options(config: &tl::api::types::Config) -> Vec<DcOption> {
    config
        .dc_options
        .iter()
        .filter_map(|o| match o {
            tl::api::enums::DcOption::DcOption(o)
                if !o.ipv6 && !o.media_only && !o.cdn && o.secret.is_none() =>
            {
                Some(DcOption {
                    dc_id: o.id,
                    ip: o.ip_address.clone(),
                    port: o.port,
                })
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_keys_have_the_known_fingerprints() {
        let prod = DcDirectory::telegram(false);
        assert_eq!(prod.keys[0].fingerprint() as u64, 0xd09d1d85de64fd85);
        assert_eq!(prod.addresses(2).len(), 6, "two addresses on three ports");
        assert_eq!(prod.handshake_dc_id(2), 2);
        let test = DcDirectory::telegram(true);
        assert_eq!(test.keys[0].fingerprint() as u64, 0xb25898df208d2603);
        assert_eq!(
            test.addresses(1)[0],
            "149.154.175.10:443".parse::<SocketAddr>().unwrap()
        );
        assert_eq!(test.handshake_dc_id(3), 10_003);
        assert!(!test.knows(4));
    }

    #[test]
    fn a_config_replaces_the_addresses_it_lists() {
        let mut d = DcDirectory::telegram(true);
        d.apply(&[
            DcOption {
                dc_id: 2,
                ip: "127.0.0.1".into(),
                port: 4431,
            },
            DcOption {
                dc_id: 9,
                ip: "not an ip".into(),
                port: 1,
            },
        ]);
        assert_eq!(d.addresses(2), ["127.0.0.1:4431".parse().unwrap()]);
        assert_eq!(d.addresses(1).len(), 3);
        assert!(!d.knows(9));
        assert!(d.options().iter().any(|o| o.dc_id == 2 && o.port == 4431));
    }

    #[test]
    fn a_local_directory_needs_a_readable_key() {
        assert!(matches!(
            DcDirectory::local("nowhere", "/x", false),
            Err(DcConfigError::BadAddress(_))
        ));
        assert!(matches!(
            DcDirectory::local("127.0.0.1:1", "/nonexistent/key.pub", false),
            Err(DcConfigError::Key(_))
        ));
    }
}
