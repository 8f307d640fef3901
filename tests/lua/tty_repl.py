#!/usr/bin/env python3
"""tty_repl.py: drives `recmem -i` on a pseudo-terminal as a user would: readline
editing, Tab completion, multi-line statements, Ctrl-C interrupting a blocking train
call, Ctrl-C at an idle prompt asking before quitting with an unsaved network, Ctrl-D,
and the history file kept across sessions (multi-line statements whole).
Usage: tty_repl.py RECMEM STATE_DIR. Exit status 0 if all is well, 1 otherwise."""
import os
import pty
import select
import sys
import time

recmem, state = sys.argv[1], sys.argv[2]
failures = []


class Session:
    def __init__(self):
        env = dict(os.environ, XDG_STATE_HOME=state, TERM="xterm", OPENBLAS_NUM_THREADS="1",
                   INPUTRC="/dev/null")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(recmem, [recmem, "-i"], env)
        self.buf = b""

    def expect(self, text, timeout=20.0, what=None):
        """Reads until text appears in the output since the last match."""
        want = text.encode()
        end = time.time() + timeout
        while want not in self.buf:
            left = end - time.time()
            if left <= 0:
                failures.append("%s: waited for %r, output so far %r" % (what or text, text, self.buf[-300:]))
                return False
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    failures.append("%s: recmem exited, output %r" % (what or text, self.buf[-300:]))
                    return False
                self.buf += data
        self.buf = self.buf[self.buf.index(want) + len(want):]
        return True

    def send(self, s):
        os.write(self.fd, s.encode())

    def wait_exit(self, timeout=10.0):
        end = time.time() + timeout
        while time.time() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            try:
                r, _, _ = select.select([self.fd], [], [], 0.1)
                if r:
                    os.read(self.fd, 4096)
            except OSError:
                pass
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        return None


s = Session()
s.expect("> ", what="first prompt")
s.send("1+41\r")
s.expect("42", what="bare expression")
s.send("recmem.tas\t")
s.expect("k", what="Tab completes recmem.task")
s.send("\r")
s.expect("define=", what="recmem.task printed as a table summary")
s.send("error('oops')\r")
s.expect("oops", what="an error is reported")
s.send("function f()\r")
s.expect(">> ", what="continuation prompt")
s.send("return 7 end\r")
s.send("f()\r")
s.expect("7", what="multi-line function")
s.send("net = recmem.net{task = 'DE1', hidden = 10}\r")
s.send("print('made')\r")
s.expect("made", what="net created")
s.send("net:train{iters = 100000000, batch = 5}\r")
# a person is watching, so training prints its log lines: wait for one rather than a fixed time
s.expect("/100000000", what="the training's first log line")
s.send("\x03")
s.expect("interrupted: training stopped at iteration", what="Ctrl-C stops a blocking train")
s.send("print('iter ok', net.iter > 0)\r")
s.expect("iter ok\ttrue", what="the network is intact")
# readline prints the prompt once it is reading: a key sent before that lands while a line
# is being accepted (on a loaded machine) and is not a key "at the prompt". (Results are
# matched with their line end: the bracketed-paste codes \x1b[?2004h/l contain a '4'.)
s.expect("> ", what="prompt after print")
s.send("\x03")
s.expect("press Ctrl-C again", what="first Ctrl-C at an empty prompt")
s.expect("> ", what="prompt after the first Ctrl-C")
s.send("\x03")
s.expect("not saved. Quit anyway? [y/N]", what="asks before quitting with an unsaved network")
s.send("n\r")
s.send("2+2\r")
s.expect("4\r\n", what="still running after 'n'")
s.expect("> ", what="prompt after 2+2")
s.send("\x04")
s.expect("Quit anyway?", what="Ctrl-D asks too")
s.send("y\r")
code = s.wait_exit()
if code != 0:
    failures.append("exit status after 'y': %r" % code)

hist = os.path.join(state, "recmem", "history")
try:
    text = open(hist).read()
    if "1+41" not in text:
        failures.append("history lacks 1+41: %r" % text)
    if "function f()\nreturn 7 end" not in text:
        failures.append("multi-line statement not kept whole: %r" % text)
except OSError as e:
    failures.append("no history file: %s" % e)

# a new session recalls the last statement with Up
s = Session()
s.expect("> ", what="second session")
s.send("\x1b[A\r")
s.expect("4\r\n", what="history recalled across sessions")
s.expect("> ", what="prompt after the recalled statement")
s.send("\x04")
code = s.wait_exit()
if code != 0:
    failures.append("exit status after Ctrl-D with nothing unsaved: %r" % code)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
