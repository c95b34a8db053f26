"""Fixtures: the library quiet, and a tdjson-testdc per test on free loopback ports.

Needs TDJSON_TESTDC (the tdjson-testdc binary) and TDJSON_LIBRARY (libtdjson.so); test.sh sets
both. A missing one fails every test, loudly.
"""

import pytest

import tdjson
from support import DcServer, required_env


@pytest.fixture(scope="session", autouse=True)
def quiet_library():
    """The library's log at warnings and errors only (it logs more by default)."""
    required_env("TDJSON_LIBRARY")
    tdjson.execute({"@type": "setLogVerbosityLevel", "new_verbosity_level": 2})


@pytest.fixture
def testdc(tmp_path, monkeypatch):
    dc = DcServer(required_env("TDJSON_TESTDC"), tmp_path)
    monkeypatch.setenv("TDJSON_TEST_DC", f"127.0.0.1:{dc.port}")
    monkeypatch.setenv("TDJSON_TEST_DC_RSA_KEY", dc.key_pub)
    yield dc
    dc.stop()


@pytest.fixture
def dead_dc(tmp_path, monkeypatch):
    """Clients pointed at a testdc that has stopped: requests that need the network wait."""
    dc = DcServer(required_env("TDJSON_TESTDC"), tmp_path)
    dc.stop()
    monkeypatch.setenv("TDJSON_TEST_DC", f"127.0.0.1:{dc.port}")
    monkeypatch.setenv("TDJSON_TEST_DC_RSA_KEY", dc.key_pub)
    return dc


@pytest.fixture
def clients():
    """Makes Clients that are closed at the end of the test (if the test did not)."""
    made = []

    def make():
        client = tdjson.Client()
        made.append(client)
        return client

    yield make
    for client in made:
        if not client.closed:
            client.close(timeout=30)
