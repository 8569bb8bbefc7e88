"""irctest controller for Portalchat: one host started with `npm run host -- --config <file>`.

Install: copy this file to irctest/controllers/portalchat.py of an irctest checkout, build
Portalchat (`node tools/build.js`) and point PORTALCHAT_DIR at its checkout (see
tools/conformance/README.md). Each test gets a fresh host: its own host file, data directory,
NATS server and free ports, all removed when the test ends.
"""

import base64
import hashlib
import os
from pathlib import Path
import secrets
import signal
import socket
import subprocess
import time
from typing import List, Optional, Set

from irctest.basecontrollers import (
    BaseServerController,
    DirectoryBasedController,
    NotImplementedByController,
)
from irctest.cases import BaseServerTestCase
from irctest.client_mock import ClientMock

# The checkout to run; built once beforehand, so each test starts the dist directly instead of
# `npm run host`, which would check the build before every start.
PORTALCHAT_DIR = Path(os.environ.get("PORTALCHAT_DIR", Path(__file__).resolve().parents[2]))
HOST_SCRIPT = PORTALCHAT_DIR / "dist" / "tools" / "launcher" / "host.js"
READY_TIMEOUT_S = 60

# The server description is irctest's "test server", which LINKS' RPL_LINKS is checked against
# (as for the other servers irctest drives). Throughput limits lifted: irctest sends bursts of
# commands and opens many connections from 127.0.0.1 within a second, which the default per-IP
# flood and connect caps would slow or refuse.
HOST_FILE = """\
server:
  name: My.Little.Server
  id: 1
  description: test server
  network: Portalchat
{password}
listen:
  irc: [{{ host: "{hostname}", port: {port} }}]
  health:
    gateway: {{ host: 127.0.0.1, port: {health_gateway} }}
    state: {{ host: 127.0.0.1, port: {health_state} }}
    portal: {{ host: 127.0.0.1, port: {health_portal} }}
  portal: {{ host: 127.0.0.1, port: {portal} }}
  control: {{ host: 127.0.0.1, port: {control} }}
nats:
  url: nats://127.0.0.1:{nats}
dataDir: {data_dir}
log:
  level: {log_level}
cloaking:
  enabled: true
  key: irctest-cloak-key-0123456789
limits:
  maxConnections: 1000
  maxConnectionsPerIp: 1000
  maxUnregisteredPerIp: 1000
  connectBurstPerIp: 100000
  connectsPerSecondPerIp: 100000
flood:
  burst: 100000
  linesPerSecond: 100000
  maxQueuedLines: 100000
history:
  enabled: true
auth:
  registration: true
  registrationBeforeConnect: {registration_before_connect}
host:
  warmSpares: false
operators:
  - name: operuser
    passwordHash: "{oper_hash}"
    level: admin
"""


def hash_password(password: str) -> str:
    """The `scrypt$N$r$p$salt$hash` form of `npm run hash-password` (libs/config passwords.ts)."""
    salt = secrets.token_bytes(16)
    n, r, p = 16384, 8, 1
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=64, maxmem=64 * 1024 * 1024)
    return "$".join(["scrypt", str(n), str(r), str(p), base64.b64encode(salt).decode(), base64.b64encode(key).decode()])


def free_ports(count: int) -> List[int]:
    """Ports free now, held together so that no two are the same."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


# Tests whose expectation is another server design's, by the test id pytest puts in
# PYTEST_CURRENT_TEST while a test runs ("<file>::<class>::<test> (setup)").
NOT_APPLICABLE = {
    # Expects LINKS to list a separate services server (My.Little.Services) linked to the IRC
    # server; Portalchat's accounts are built in (as Ergo's are), so there is no such server.
    "links.py::ServicesLinksTestCase::testLinksWithServices": "a separately linked services server",
}


def not_applicable_reason() -> Optional[str]:
    current = os.environ.get("PYTEST_CURRENT_TEST", "")
    for test_id, reason in NOT_APPLICABLE.items():
        if test_id in current:
            return reason
    return None


class PortalchatController(BaseServerController, DirectoryBasedController):
    software_name = "Portalchat"
    supported_sasl_mechanisms = {"PLAIN", "SCRAM-SHA-256"}
    supports_sts = False
    extban_mute_char = None

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.log_file: Optional[Path] = None

    def run(
        self,
        hostname: str,
        port: int,
        *,
        password: Optional[str],
        ssl: bool,
        run_services: bool,
        faketime: Optional[str] = None,
        valid_metadata_keys: Optional[Set[str]] = None,
        invalid_metadata_keys: Optional[Set[str]] = None,
    ) -> None:
        if ssl:
            raise NotImplementedByController("TLS in the irctest controller")
        reason = not_applicable_reason()
        if reason is not None:
            raise NotImplementedByController(reason)
        # faketime is not applied (faketime_enabled stays False): the tests that ask for it
        # then wait in real time, as irctest does for servers run without libfaketime.
        if self.test_config.account_registration_requires_email:
            # REGISTER asks no email (as documented); there is no verification mail to send.
            raise NotImplementedByController("email-required account registration")
        # valid_metadata_keys / invalid_metadata_keys are not passed on: metadata keys are not
        # restricted to a configured list (any key of the draft's syntax is accepted).
        self.hostname = hostname
        self.port = port
        self.password = password
        self.create_config()
        self._start()

    def _start(self) -> None:
        assert self.directory
        ports = free_ports(6)
        password_line = (
            f'  passwordHash: "{hash_password(self.password)}"' if self.password is not None else ""
        )
        config = HOST_FILE.format(
            password=password_line,
            hostname=self.hostname,
            port=self.port,
            health_gateway=ports[0],
            health_state=ports[1],
            health_portal=ports[2],
            portal=ports[3],
            control=ports[4],
            nats=ports[5],
            data_dir=self.directory / "data",
            log_level="debug" if self.debug_mode else "warn",
            oper_hash=hash_password("operpassword"),
            registration_before_connect=str(self.test_config.account_registration_before_connect).lower(),
        )
        config_path = self.directory / "host.yaml"
        config_path.write_text(config)
        self.log_file = self.directory / "host.log"
        self.stdout_file = self.directory / "host.out"
        # Its own process group: the host, its services and its nats-server end together.
        with self.log_file.open("w") as log, self.stdout_file.open("w") as out:
            self.proc = subprocess.Popen(
                ["node", str(HOST_SCRIPT), "--config", str(config_path)],
                cwd=PORTALCHAT_DIR,
                stdout=out,
                stderr=log,
                start_new_session=True,
            )
        self._wait_ready()
        self.port_open = True

    def _wait_ready(self) -> None:
        """Watches stdout until the host prints its `Portalchat host … ready` line; a host that is
        not ready in time is stopped (pytest skips teardown when setup fails)."""
        deadline = time.monotonic() + READY_TIMEOUT_S
        try:
            while " ready: " not in self.stdout_file.read_text():
                self.check_is_alive()
                if time.monotonic() > deadline:
                    raise TimeoutError(f"Portalchat host not ready after {READY_TIMEOUT_S}s; see {self.log_file}")
                time.sleep(0.05)
        except BaseException:
            self.kill_proc()
            raise

    def registerUser(
        self,
        case: BaseServerTestCase,
        username: str,
        password: Optional[str] = None,
        vhost: Optional[str] = None,
    ) -> None:
        """Creates the account as a client would: connects as <username>, then `REGISTER` of
        `draft/account-registration`. The account is in the network-wide store at once; no
        restart is needed."""
        if password is None:
            raise NotImplementedByController("account registration without a password")
        if vhost is not None:
            # Services-set vhosts (Atheme/Anope HostServ); Portalchat's CHGHOST is an operator command.
            raise NotImplementedByController("vhosts set by services on login")
        client = ClientMock(name="register", show_io=case.show_io)
        client.connect(self.hostname, self.port)
        try:
            if case.password is not None:
                client.sendLine(f"PASS {case.password}")
            client.sendLine("CAP REQ :draft/account-registration")
            client.sendLine(f"NICK {username}")
            client.sendLine("USER register 0 * :register")
            client.sendLine("CAP END")
            self._await(client, lambda msg: msg.command == "001", f"registration of {username}")
            client.sendLine(f"REGISTER {username} * {password}")
            reply = self._await(
                client, lambda msg: msg.command in ("REGISTER", "FAIL"), f"REGISTER {username}"
            )
            if reply.command == "FAIL":
                raise AssertionError(f"REGISTER {username} failed: {reply}")
            # Wait for the QUIT to be done, so that the test can take the nick at once.
            client.sendLine("QUIT")
            self._await(client, lambda msg: msg.command == "ERROR", "QUIT")
        finally:
            client.disconnect()

    @staticmethod
    def _await(client: ClientMock, predicate, what: str):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for msg in client.getMessages(synchronize=False):
                if predicate(msg):
                    return msg
        raise AssertionError(f"no answer to {what} within 10 s")

    def wait_for_services(self) -> None:
        """Accounts are built in (no separate services process to wait for)."""

    def kill_proc(self) -> None:
        """SIGTERM to the whole process group (host, services, nats-server), then SIGKILL."""
        assert self.proc
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.proc = None


def get_irctest_controller_class() -> type:
    return PortalchatController
