#!/usr/bin/env python3
"""image-test.py — boots the board image under QEMU (TCG) and drives the
Attendant console on its emulated serial port, as an installer or an
administrator would with picocom.

    image-test.py --board-conf FILE --image DISK.img --work DIR
                  [--stick good.raucb --stick untrusted.raucb --stick broken.raucb]
                  [--phases boot,update,...]

The disk image is copied first (the test writes its data partition and
grubenv). Each update bundle goes on a USB-stick-like disk of its own (a FAT
file system made with mkfs.vfat and mcopy: no loop mounts), /dev/vdb, vdc, vdd
in the guest, in the order given. Phases (each a check that can fail; the
first failure ends the run with exit status 1):

  boot       power-on to the console's prompt; `show version` names Attendant and
             the booted slot A; the health check marks A good
  refuse     `install` of a bundle signed by an untrusted key is refused; slot A
             stays booted and B untouched
  update     `install` of a good bundle writes slot B and reboots into it; B is
             marked good; the database on /data is the one made before
  fallback   `install` of a broken bundle (its attendant never starts) writes slot
             A and reboots into it; the health check marks it bad and reboots;
             GRUB falls back to B by itself
  power-cut  QEMU killed while a bundle is being written: the board boots the slot
             it ran before and reaches the console
  call       a fresh copy of the image, its first power-on with attendant.ring-test on
             the kernel command line (added to that copy's grub.cfg): the QEMU board's
             ring-test rings port 1 on gpio-sim; attendant answers on snd-aloop (timed
             from power-on); the menu hangs up; the call's row, answered, is in
             /attendant.sqlite on that disk's data partition, read on the host
  console    (after call, on the same board) `show board` names the board's file, GPIO
             chip and ALSA card; attendant is not restarted by systemd's watchdog
             for a minute; `set time` moves the clock two days on; `reboot` asks,
             and on "yes" the board restarts

Prints a summary with the times measured (and WORK/measured.txt): the image's size,
power-on to the console, power-on to the first answered call. The console transcript is in
WORK/serial-N.log.
"""
import argparse
import bisect
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import time

PROMPT = "attendant> "
# The console asks for a login; a first boot makes this admin (test credentials only).
ADMIN = "installer"
ADMIN_PASSWORD = "installer-test-1"


class Failure(Exception):
    pass


class Board:
    """One QEMU run: the machine, its serial console on a Unix socket, a reader
    thread collecting everything the console prints."""

    def __init__(self, conf, disk, vars_file, sticks, work, run):
        self.log_path = os.path.join(work, f"serial-{run}.log")
        self.sock_path = os.path.join(work, f"console-{run}.sock")
        if os.path.exists(self.sock_path):
            os.unlink(self.sock_path)
        command = [
            conf["QEMU_SYSTEM"], "-accel", "tcg", "-machine", "q35", "-cpu", "max", "-smp", "2", "-m", "1024",
            "-nodefaults", "-nographic", "-display", "none",
            "-drive", f"if=pflash,format=raw,readonly=on,file={conf['OVMF_CODE']}",
            "-drive", f"if=pflash,format=raw,file={vars_file}",
            "-drive", f"file={disk},format=raw,if=virtio,cache=unsafe",
        ]
        for stick in sticks:
            command += ["-drive", f"file={stick},format=raw,if=virtio,readonly=on"]
        # The console: a Unix socket QEMU waits on before starting the machine, so
        # nothing the board prints is lost; QEMU also logs it.
        command += ["-chardev", f"socket,id=console,path={self.sock_path},server=on,wait=on",
                    "-serial", "chardev:console"]
        self.started = time.monotonic()
        self.qemu = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        for _ in range(100):
            if os.path.exists(self.sock_path):
                break
            time.sleep(0.1)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.sock_path)
        self.started = time.monotonic()
        self.text = ""
        # (offset in text, seconds since power-on) of each chunk read: when a line arrived.
        self.arrivals = []
        self.mark = 0
        self.lock = threading.Lock()
        self.log = open(self.log_path, "w", encoding="utf-8", errors="replace")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                return
            if not data:
                return
            chunk = data.decode("utf-8", errors="replace").replace("\r", "")
            # Colours (rauc colours its status even into a pipe), as real escapes or
            # as the console's visible ^[ for them, would only get in the patterns' way.
            chunk = re.sub(r"(\x1b|\^\[)\[[0-9;]*m", "", chunk)
            with self.lock:
                self.arrivals.append((len(self.text), self.elapsed()))
                self.text += chunk
            self.log.write(chunk)
            self.log.flush()

    def elapsed(self):
        return time.monotonic() - self.started

    def arrived(self, offset):
        """Seconds from power-on to the arrival of the console's text at `offset`."""
        with self.lock:
            index = bisect.bisect_right([start for start, _ in self.arrivals], offset) - 1
            return self.arrivals[max(index, 0)][1]

    def seen(self, pattern, timeout, what):
        """Waits for `pattern` anywhere in what this run printed (also before the
        mark: kernel-log lines come whenever they come); returns the match and
        the seconds from power-on to its arrival. The mark stays where it was."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, re.M)
        while True:
            with self.lock:
                match = regex.search(self.text)
            if match:
                return match, self.arrived(match.start())
            if self.qemu.poll() is not None:
                raise Failure(f"{what}: QEMU exited (status {self.qemu.returncode}) first")
            if time.monotonic() > deadline:
                raise Failure(f"{what}: not seen within {timeout} s of waiting (wanted /{pattern}/); "
                              f"the console's last words:\n{self.text[-600:]}")
            time.sleep(0.2)

    def send(self, line):
        self.sock.sendall(line.encode() + b"\r")

    def expect(self, pattern, timeout, what):
        """Waits for `pattern` in what the console printed since the mark; moves
        the mark past it and returns the match."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, re.M | re.S)
        while True:
            with self.lock:
                match = regex.search(self.text, self.mark)
                if match:
                    self.mark = match.end()
                    return match
            if self.qemu.poll() is not None:
                raise Failure(f"{what}: QEMU exited (status {self.qemu.returncode}) first")
            if time.monotonic() > deadline:
                tail = self.text[-600:]
                raise Failure(f"{what}: not seen within {timeout} s (wanted /{pattern}/); the console's last words:\n{tail}")
            time.sleep(0.2)

    def console(self, timeout, what):
        """Presses Enter every 2 s until the Attendant console answers, logs in (making
        the first admin on a first boot, as the console offers), and waits for its prompt."""
        deadline = time.monotonic() + timeout
        while True:
            self.send("")
            try:
                match = self.expect(r"attendant> |login: |new admin's name: ", 2, what)
            except Failure:
                if time.monotonic() > deadline or self.qemu.poll() is not None:
                    raise
                continue
            if match.group(0) == "new admin's name: ":
                self.send(ADMIN)
                self.expect(r"password for " + ADMIN + ": ", 10, "first admin's password")
                self.send(ADMIN_PASSWORD)
                self.expect(r"again: ", 10, "first admin's password again")
                self.send(ADMIN_PASSWORD)
                self.expect(re.escape(PROMPT), 20, "the first admin logged in")
            elif match.group(0) == "login: ":
                self.send(ADMIN)
                self.expect(r"password: ", 10, "login's password")
                self.send(ADMIN_PASSWORD)
                self.expect(re.escape(PROMPT), 20, "logged in")
            return self.elapsed()

    def command(self, line, timeout=30):
        """Runs a console command; returns what it printed before the next prompt."""
        with self.lock:
            self.mark = len(self.text)
        self.send(line)
        match = self.expect(re.escape(line) + r"\n(.*?)" + re.escape(PROMPT), timeout, f"'{line}'")
        return re.sub(r"(\x1b|\^\[)\[[0-9;]*m", "", match.group(1))

    def kill(self):
        self.qemu.kill()
        self.qemu.wait()
        self.sock.close()
        self.log.close()


def read_conf(path):
    """The board's settings (board.conf is shell assignments)."""
    out = subprocess.run(["bash", "-c", f"set -a; source {shlex.quote(path)}; env -0"],
                         check=True, capture_output=True, text=True).stdout
    return dict(item.split("=", 1) for item in out.split("\0") if "=" in item)


def make_stick(bundle, path):
    """A FAT disk image holding one bundle, made without mounting anything."""
    size_mb = os.path.getsize(bundle) // 1048576 + 16
    subprocess.run(["truncate", "-s", f"{size_mb}M", path], check=True)
    subprocess.run(["mkfs.vfat", "-n", "UPDATE", path], check=True, capture_output=True)
    subprocess.run(["mcopy", "-i", path, bundle, "::" + os.path.basename(bundle)], check=True)


def booted_slot(version_text):
    match = re.search(r"Booted from: rootfs\.\d \((\w)\)", version_text)
    return match.group(1) if match else None


def wait_marked_good(board, slot, timeout):
    """Asks `show version` until the booted slot's boot status is good (the
    health check's `rauc status mark-good`)."""
    deadline = time.monotonic() + timeout
    while True:
        text = board.command("show version")
        if re.search(rf"bootname: {slot}\n\s*boot status: good", text) and f"({slot})" in text:
            return text
        if time.monotonic() > deadline:
            raise Failure(f"slot {slot} not marked good within {timeout} s; show version said:\n{text}")
        time.sleep(5)


def data_database_crtime(disk, work):
    """The creation time of /attendant.sqlite on the disk's data partition, read
    on the host with sfdisk and debugfs (no mounting)."""
    table = subprocess.run(["sfdisk", "--json", disk], check=True, capture_output=True, text=True).stdout
    import json
    parts = json.loads(table)["partitiontable"]
    sector = parts.get("sectorsize", 512)
    data = [p for p in parts["partitions"] if p.get("name") == "data"][0]
    part = os.path.join(work, "data.part")
    subprocess.run(["dd", f"if={disk}", f"of={part}", "bs=1M", "status=none",
                    f"skip={data['start'] * sector}", f"count={data['size'] * sector}",
                    "iflag=skip_bytes,count_bytes"], check=True)
    out = subprocess.run(["debugfs", "-R", "stat /attendant.sqlite", part], capture_output=True, text=True)
    os.unlink(part)
    match = re.search(r"crtime: (0x[0-9a-f]+)", out.stdout)
    return match.group(1) if match else None


def data_calls(disk, work):
    """The rows of the calls table in /data/attendant.sqlite, copied out of the
    disk image's data partition with debugfs (the WAL too) and read with sqlite3."""
    import json
    import sqlite3
    table = subprocess.run(["sfdisk", "--json", disk], check=True, capture_output=True, text=True).stdout
    parts = json.loads(table)["partitiontable"]
    sector = parts.get("sectorsize", 512)
    data = [p for p in parts["partitions"] if p.get("name") == "data"][0]
    part = os.path.join(work, "data.part")
    subprocess.run(["dd", f"if={disk}", f"of={part}", "bs=1M", "status=none",
                    f"skip={data['start'] * sector}", f"count={data['size'] * sector}",
                    "iflag=skip_bytes,count_bytes"], check=True)
    copy = os.path.join(work, "calls.sqlite")
    for suffix in ("", "-wal"):
        if os.path.exists(copy + suffix):
            os.unlink(copy + suffix)
        subprocess.run(["debugfs", "-R", f"dump /attendant.sqlite{suffix} {copy}{suffix}", part],
                       capture_output=True)
    os.unlink(part)
    if not os.path.exists(copy) or os.path.getsize(copy) == 0:
        return []
    with sqlite3.connect(copy) as db:
        cursor = db.execute("SELECT * FROM calls")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--board-conf", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--stick", action="append", default=[])
    parser.add_argument("--phases", default="boot,refuse,update,fallback,power-cut,call,console")
    parser.add_argument("--boot-timeout", type=float, default=300)
    parser.add_argument("--cut-after", type=float, default=15, help="seconds from `install` to killing QEMU")
    args = parser.parse_args()
    conf = read_conf(args.board_conf)
    phases = args.phases.split(",")
    os.makedirs(args.work, exist_ok=True)
    disk = os.path.join(args.work, "disk.img")
    subprocess.run(["cp", "--sparse=always", args.image, disk], check=True)
    vars_file = os.path.join(args.work, "ovmf-vars.fd")
    shutil.copy(conf["OVMF_VARS"], vars_file)
    sticks = []
    for n, bundle in enumerate(args.stick):
        path = os.path.join(args.work, f"stick-{n}.img")
        make_stick(bundle, path)
        sticks.append(path)
    results = []
    # What the issue asks reported: the image's size and the time from power-on to
    # the first answered call (this test boots the image; `make image` cannot).
    size = os.path.getsize(args.image)
    measured = {"image size": f"{size / 1048576:.0f} MiB ({size / 1e6:.0f} MB) uncompressed"}

    def report():
        lines = [f"image-test: measured: {name}: {value}" for name, value in measured.items()]
        print("\n".join(lines), flush=True)
        with open(os.path.join(args.work, "measured.txt"), "w") as file:
            file.write("\n".join(lines) + "\n")
    run = 0

    def passed(name, detail):
        results.append(f"PASS {name}: {detail}")
        print(f"image-test: PASS {name}: {detail}", flush=True)

    board = None
    try:
        run += 1
        board = Board(conf, disk, vars_file, sticks, args.work, run)
        # boot
        board.expect(r"attendant: booting slot (\w)", args.boot_timeout, "GRUB choosing a slot")
        grub_at = board.elapsed()
        at = board.console(args.boot_timeout, "the Attendant console on the serial port")
        text = board.command("show version")
        if "attendant 0.1.0" not in text or booted_slot(text) != "A":
            raise Failure(f"show version on first boot:\n{text}")
        measured["power-on to the Attendant console"] = f"{at:.1f} s (first boot)"
        passed("boot", f"console {at:.1f} s after power-on (GRUB chose slot A at {grub_at:.1f} s); "
                       f"show version: {text.splitlines()[0]}; booted from slot A")
        good = wait_marked_good(board, "A", 180)
        passed("health", f"slot A marked good by the health check {board.elapsed():.0f} s after power-on")
        print(good, flush=True)
        marked_before = None
        if "refuse" in phases:
            text = board.command("install /dev/vdc", timeout=300)
            if "install: failed" not in text:
                raise Failure(f"a bundle signed by an untrusted key was not refused:\n{text}")
            after = board.command("show version")
            if booted_slot(after) != "A":
                raise Failure(f"after the refused bundle:\n{after}")
            reason = [l for l in text.splitlines() if "ignat" in l or "erif" in l or "certif" in l]
            passed("refuse", f"untrusted bundle refused ({(reason or text.splitlines())[-1].strip()}); still on slot A")
        if "update" in phases:
            update_started = time.time()
            text = board.command("install /dev/vdb", timeout=600)
            if "install: done" not in text:
                raise Failure(f"the good bundle did not install:\n{text}")
            board.expect(r"attendant: booting slot B", 300, "the reboot into slot B")
            at = board.console(args.boot_timeout, "the console after the update")
            text = wait_marked_good(board, "B", 240)
            if booted_slot(text) != "B":
                raise Failure(f"after the update:\n{text}")
            shown = "; show version names the bundle's version" if "-update" in text else ""
            passed("update", f"bundle installed into slot B, booted it, marked good (console {at:.0f} s into this QEMU run){shown}")
            print(text, flush=True)
        if "fallback" in phases:
            text = board.command("install /dev/vdd", timeout=600)
            if "install: done" not in text:
                raise Failure(f"the broken bundle did not install:\n{text}")
            board.expect(r"attendant: booting slot A", 300, "the reboot into the broken slot A")
            board.expect(r"attendant: booting slot B", 400, "GRUB falling back to slot B after the health check failed")
            board.console(args.boot_timeout, "the console after the fallback")
            text = board.command("show version")
            if booted_slot(text) != "B":
                raise Failure(f"after the fallback:\n{text}")
            passed("fallback", "the broken slot A was tried once, marked bad, and the board came back on slot B")
        board.kill()
        board = None
        if "power-cut" in phases:
            run += 1
            board = Board(conf, disk, vars_file, sticks, args.work, run)
            board.expect(r"attendant: booting slot (\w)", args.boot_timeout, "GRUB")
            board.console(args.boot_timeout, "the console before the power cut")
            before = booted_slot(board.command("show version"))
            # As an installer would: the running slot confirmed good first.
            wait_marked_good(board, before, 300)
            with board.lock:
                board.mark = len(board.text)
            board.send("install /dev/vdb")
            # The console answers only when the install is over: give RAUC time to
            # check the bundle and start writing, then cut the power.
            time.sleep(args.cut_after)
            board.kill()
            # What RAUC had done by then, from grubenv on the EFI partition (mtools reads
            # the FAT inside the disk image at its 1 MiB offset).
            env = subprocess.run(["mtype", "-i", f"{disk}@@1M", "::EFI/BOOT/grubenv"],
                                 capture_output=True, text=True).stdout
            state = " ".join(l for l in env.splitlines() if l and not l.startswith("#"))
            print(f"image-test: grubenv when the power went: {state}", flush=True)
            run += 1
            board = Board(conf, disk, vars_file, sticks, args.work, run)
            chosen = board.expect(r"attendant: booting slot (\w)", args.boot_timeout, "GRUB after the power cut").group(1)
            board.console(args.boot_timeout, "the console after the power cut")
            text = board.command("show version")
            if booted_slot(text) != before:
                raise Failure(f"after the power cut: booted {booted_slot(text)}, before it {before}:\n{text}")
            passed("power-cut", f"QEMU killed {args.cut_after:.0f} s after `install` (grubenv then: {state}); "
                                f"the board booted slot {chosen}, as before, and reached the console")
            board.kill()
            board = None
        if "call" in phases:
            # Power-on to the first answered call of a board just flashed: a fresh copy
            # of the image (first boot: the data partition formatted, the database made,
            # the first admin asked for), its grub.cfg with attendant.ring-test on the
            # kernel's line so that the QEMU board's ring test calls it.
            call_disk = os.path.join(args.work, "call-disk.img")
            subprocess.run(["cp", "--sparse=always", args.image, call_disk], check=True)
            call_vars = os.path.join(args.work, "call-ovmf-vars.fd")
            shutil.copy(conf["OVMF_VARS"], call_vars)
            cfg = os.path.join(args.work, "grub.cfg")
            subprocess.run(["mcopy", "-o", "-i", f"{call_disk}@@1M", "::EFI/BOOT/grub.cfg", cfg], check=True)
            text = open(cfg).read()
            open(cfg, "w").write(text.replace("rauc.slot=$chosen", "rauc.slot=$chosen attendant.ring-test"))
            subprocess.run(["mcopy", "-o", "-i", f"{call_disk}@@1M", cfg, "::EFI/BOOT/grub.cfg"], check=True)
            run += 1
            board = Board(conf, call_disk, call_vars, [], args.work, run)
            # The ring test says on the kernel log (critical level: the console shows it)
            # when port 1's hook relay closed: power-on to the first answered call, by
            # the host's clock. It starts ringing before attendant runs; attendant
            # answers on the second ring it hears.
            _, answered_at = board.seen(r"ring-test: port 1 answered", args.boot_timeout + 120,
                                        "the ring test's call answered")
            measured["power-on to first answered call"] = f"{answered_at:.1f} s (first boot of a fresh copy)"
            # The default menu plays its two prompts (5.3 s) and hangs up.
            board.seen(r"ring-test: port 1 hung up", 120, "the menu hanging up the call")
            board.console(args.boot_timeout, "the console after the call")
            calls = board.command("show calls")
            print(calls, flush=True)
            if not [line for line in calls.splitlines()[1:] if line.strip() and "no answer" not in line]:
                raise Failure(f"`show calls` lists no answered call:\n{calls}")
            # The record on the data partition, read on the host while the board runs.
            # SQLite fsyncs each commit (synchronous = FULL), but debugfs reads ext4 without
            # replaying its journal: a file's new size shows once jbd2 has checkpointed it.
            # The row is written when the call is answered and completed when it ends: wait
            # for the completed one.
            deadline = time.monotonic() + 180
            while True:
                try:
                    rows = data_calls(call_disk, args.work)
                except Exception as error:  # a file system being written, read mid-way
                    rows = [f"unreadable: {error}"]
                answered = [r for r in rows if isinstance(r, dict) and r.get("answered_at") and r.get("ended_at")
                            and r.get("duration_seconds") is not None]
                if answered:
                    break
                if time.monotonic() > deadline:
                    raise Failure(f"no answered call in the calls table of /data/attendant.sqlite 180 s after "
                                  f"the call ended: {rows}")
                time.sleep(10)
            landed_at = board.elapsed()
            row = answered[0]
            passed("call", f"port {row['port']} rang at {row['ring_at']}, answered at {row['answered_at']}, ended "
                           f"{row['ended_at']} ({row['disposition']}, {row['duration_seconds']:.1f} s); answered "
                           f"{answered_at:.1f} s after the first power-on; the row was on the data partition's "
                           f"/attendant.sqlite {landed_at:.0f} s after power-on")
            if "console" in phases:
                # `show board`: the board file the image runs with, the kernel's devices.
                text = board.command("show board")
                for wanted in ("board file /usr/share/attendant/board.board", "GPIO chip gpiochip0",
                               "ALSA capture: hw:Loopback,0,0 (3 channels)", "sound cards: 0 [Loopback",
                               "GPIO chips: /dev/gpiochip0"):
                    if wanted not in text:
                        raise Failure(f"show board does not say '{wanted}':\n{text}")
                # The systemd watchdog (WatchdogSec=30) fed by attendant: a minute after the
                # console first answered, attendant has not been restarted (a restart
                # prints the console's banner again and asks for a login).
                _, console_at = board.seen(r"Attendant console on /dev/ttyS0", 10, "the console's banner")
                while board.elapsed() < console_at + 65:
                    time.sleep(5)
                board.command("show calls")
                with board.lock:
                    banners = board.text.count("Attendant console on /dev/ttyS0")
                if banners != 1:
                    raise Failure(f"attendant restarted under the watchdog: the console's banner came {banners} times")
                # `set time` (admin) through the image's set-time script (date, hwclock): two
                # days on, so that the date shown cannot be the one the board had.
                target = time.gmtime(time.time() + 2 * 86400)
                text = board.command(time.strftime("set time %Y-%m-%d %H:%M UTC", target))
                if "the board's clock is now " + time.strftime("%Y-%m-%d", target) not in text:
                    raise Failure(f"set time did not set the board's clock:\n{text}")
                # `reboot` asks first; yes reboots through systemd (attendant stopped with
                # SIGTERM, /data unmounted), and GRUB starts again.
                with board.lock:
                    board.mark = len(board.text)
                board.send("reboot")
                board.expect(re.escape("reboot the board? (yes/no) "), 30, "reboot's question")
                board.send("yes")
                board.expect(r"rebooting", 60, "reboot's answer")
                board.expect(r"attendant: booting slot \w", 240, "GRUB after the console's reboot")
                rebooted_at = board.elapsed()
                passed("console", f"show board names the board file, gpiochip0 and the Loopback card; set time moved "
                                  f"the clock two days on; attendant ran "
                                  f"{board.elapsed() - console_at:.0f} s under WatchdogSec=30 without a restart; "
                                  f"reboot asked, then the board restarted (GRUB {rebooted_at:.0f} s after power-on)")
            board.kill()
            board = None
            if "console" in phases and not [r for r in data_calls(call_disk, args.work) if r.get("answered_at")]:
                raise Failure("after the reboot the answered call is not in /data/attendant.sqlite")
        if "update" in phases:
            crtime = data_database_crtime(disk, args.work)
            if not crtime:
                raise Failure("no /attendant.sqlite on the data partition after the test")
            if int(crtime.split(":")[0], 16) >= update_started:
                raise Failure(f"/data/attendant.sqlite was made anew ({crtime}) after the update began")
            passed("data", f"/data/attendant.sqlite on the data partition is the one made on first boot "
                           f"(created {time.strftime('%H:%M:%S', time.gmtime(int(crtime.split(':')[0], 16)))} UTC, before the update), after updates, fallback and power cut")
    except Failure as failure:
        print(f"image-test: FAIL: {failure}", flush=True)
        if board:
            board.kill()
        print("\n".join(results))
        report()
        return 1
    print("image-test: all passed\n" + "\n".join(results))
    report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
