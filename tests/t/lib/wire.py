#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""wire.py: speaks tend's master-minion wire (docs/PROTOCOL.md) for fault tests.

  wire.py client --master EP --master-pub FILE [--pki DIR] SCRIPT.json
      connects as a minion would (the key pair of DIR/minion.{pub,key}, or a
      fresh one) and plays the script
  wire.py master --bind EP --pki DIR SCRIPT.json
      binds as a master would (DIR/master.{pub,key}), no ZAP handler, and
      plays the script against the first peer that says hello

A script is a JSON list of steps:
  {"send": [FRAME, ...]}   a message; a frame is a string, an object (sent
                           as its JSON) or {"bytes": N} (N bytes of 'x')
  {"recv": SECONDS}        print every message received meanwhile
  {"sleep": SECONDS}
  {"wait_hello": SECONDS}  (master) wait for a hello; reply welcome
  {"ack_returns": true}    (master) from now on, acknowledge each return
Every message received is printed as one line: TYPE BODY.
"""
import json
import sys
import time

import zmq


def read_key(path):
    with open(path) as f:
        return f.read().strip().encode()


def frame(f):
    if isinstance(f, str):
        return f.encode()
    if isinstance(f, dict) and set(f) == {"bytes"}:
        return b"x" * f["bytes"]
    return json.dumps(f).encode()


class Peer:
    def __init__(self, sock, router):
        self.sock = sock
        self.router = router
        self.rid = None
        self.ack_returns = False

    def send(self, frames):
        out = [frame(f) for f in frames]
        if self.router:
            out.insert(0, self.rid)
        self.sock.send_multipart(out)

    def recv_for(self, seconds, until_hello=False):
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return False
            if not self.sock.poll(int(left * 1000) + 1):
                continue
            parts = self.sock.recv_multipart()
            if self.router:
                self.rid, parts = parts[0], parts[1:]
            kind = parts[0].decode(errors="replace") if parts else ""
            body = parts[1].decode(errors="replace") if len(parts) > 1 else ""
            print(kind, body, flush=True)
            if self.router and kind == "return" and self.ack_returns:
                jid = json.loads(body).get("jid")
                self.send(["return_ack", {"jid": jid}])
            if until_hello and kind == "hello":
                self.send(["welcome", {"version": "test"}])
                return True


def play(peer, script):
    for step in script:
        if "send" in step:
            peer.send(step["send"])
        elif "recv" in step:
            peer.recv_for(step["recv"])
        elif "sleep" in step:
            time.sleep(step["sleep"])
        elif "wait_hello" in step:
            if not peer.recv_for(step["wait_hello"], until_hello=True):
                sys.exit("wire.py: no hello")
        elif "ack_returns" in step:
            peer.ack_returns = step["ack_returns"]


def main(argv):
    mode, opts, script_path = argv[0], {}, None
    rest = argv[1:]
    while rest:
        a = rest.pop(0)
        if a.startswith("--"):
            opts[a[2:]] = rest.pop(0)
        else:
            script_path = a
    with open(script_path) as f:
        script = json.load(f)
    ctx = zmq.Context()
    if mode == "client":
        s = ctx.socket(zmq.DEALER)
        if "pki" in opts:
            pub = read_key(opts["pki"] + "/minion.pub")
            sec = read_key(opts["pki"] + "/minion.key")
        else:
            pub, sec = zmq.curve_keypair()
        s.curve_serverkey = read_key(opts["master-pub"])
        s.curve_publickey = pub
        s.curve_secretkey = sec
        s.linger = 0
        s.connect(opts["master"])
        play(Peer(s, False), script)
    elif mode == "master":
        s = ctx.socket(zmq.ROUTER)
        s.curve_server = True
        try:
            read_key(opts["pki"] + "/master.key")
        except FileNotFoundError:
            pub, sec = zmq.curve_keypair()
            with open(opts["pki"] + "/master.pub", "wb") as f:
                f.write(pub + b"\n")
            with open(opts["pki"] + "/master.key", "wb") as f:
                f.write(sec + b"\n")
        s.curve_secretkey = read_key(opts["pki"] + "/master.key")
        s.linger = 0
        s.bind(opts["bind"])
        play(Peer(s, True), script)
    else:
        sys.exit("usage: wire.py client|master ...")
    ctx.destroy(linger=0)


if __name__ == "__main__":
    main(sys.argv[1:])
