#!/usr/bin/env python3
"""Checks the installed data files: the systemd unit, the D-Bus activation
file, the bus policy (only the daemon's user may own the name; every
interface of the D-Bus contract may be called), the sysusers entry and the
example configuration."""
import configparser
import sys
import xml.etree.ElementTree as ET

unit, activation, policy, sysusers, example, user, contract, group = sys.argv[1:9]
problems = []


def check(cond, what):
    if not cond:
        problems.append(what)


def ini(path, strict=True):
    p = configparser.ConfigParser(strict=strict, interpolation=None)
    p.optionxform = str
    with open(path, encoding="utf-8") as f:
        p.read_file(f)
    return p


# The unit file repeats SystemCallFilter=, which configparser cannot hold;
# read it by lines.
lines = [l.strip() for l in open(unit, encoding="utf-8") if l.strip() and not l.startswith("#")]
keys = {}
for l in lines:
    if "=" in l and not l.startswith("["):
        k, v = l.split("=", 1)
        keys.setdefault(k, []).append(v)
check(keys.get("Type") == ["dbus"], "unit: Type=dbus")
check(keys.get("BusName") == ["org.docket.Docket1"], "unit: BusName")
check(keys.get("User") == [user], "unit: User is the daemon user")
check(keys.get("StateDirectory") == ["docket"], "unit: StateDirectory=docket")
check("LoadCredential" in keys and keys["LoadCredential"][0].startswith("docket.key"), "unit: LoadCredential")
check(keys.get("ExecStart", [""])[0].endswith("/docketd"), "unit: ExecStart")
check("MemoryMax" in keys and "TasksMax" in keys, "unit: MemoryMax and TasksMax bound docketd")
for hardening in ("NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateNetwork",
                  "RestrictAddressFamilies", "MemoryDenyWriteExecute", "LimitCORE"):
    check(hardening in keys, f"unit: {hardening}")
check("@" not in "".join(keys.get("ExecStart", [])), "unit: no unsubstituted @variables@")

act = ini(activation)
svc = act["D-BUS Service"]
check(svc.get("Name") == "org.docket.Docket1", "activation: Name")
check(svc.get("User") == user, "activation: User")
check(svc.get("SystemdService") in ("docketd.service", "dbus-org.docket.Docket1.service"),
      "activation: SystemdService")
check(svc.get("Exec", "").endswith("/docketd"), "activation: Exec")

root = ET.parse(policy).getroot()
check(root.tag == "busconfig", "policy: busconfig root")
owners = []
for pol in root.findall("policy"):
    for allow in pol.findall("allow"):
        if allow.get("own") == "org.docket.Docket1":
            owners.append(pol.attrib)
check(owners == [{"user": user}], f"policy: only user {user} may own the name (got {owners})")
# Only the access group may call docketd's interfaces or hear its signals;
# anyone else may introspect and ping it, no more.
group_policies = [p for p in root.findall("policy") if p.get("group") == group]
check(len(group_policies) == 1, f"policy: one policy for group {group}")
root_policies = [p for p in root.findall("policy") if p.get("user") == "root"]
root_sends = {a.get("send_interface") for p in root_policies for a in p.findall("allow")
              if a.get("send_destination") == "org.docket.Docket1"}
sends = {a.get("send_interface") for p in group_policies for a in p.findall("allow")
         if a.get("send_destination") == "org.docket.Docket1"}
check(any(a.get("receive_sender") == "org.docket.Docket1" and a.get("receive_type") == "signal"
          for p in group_policies for a in p.findall("allow")), "policy: the group receives the signals")
defaults = [p for p in root.findall("policy") if p.get("context") == "default"]
default_allowed = {a.get("send_interface") for p in defaults for a in p.findall("allow")
                   if a.get("send_destination") == "org.docket.Docket1"}
check(default_allowed <= {"org.freedesktop.DBus.Introspectable", "org.freedesktop.DBus.Peer"},
      f"policy: outside the group only Introspectable and Peer (got {default_allowed})")
check(any(d.get("send_destination") == "org.docket.Docket1" and d.get("send_interface") is None
          for p in defaults for d in p.findall("deny")), "policy: everyone else denied sending")
check(any(d.get("receive_sender") == "org.docket.Docket1" and d.get("receive_type") == "signal"
          for p in defaults for d in p.findall("deny")), "policy: everyone else denied the signals")
# Every interface the daemon exports, read from the contract itself, so an
# interface added there and forgotten here fails this check.
interfaces = [i.get("name") for i in ET.parse(contract).getroot().findall("interface")]
check(len(interfaces) >= 7, f"contract: its interfaces ({interfaces})")
for iface in interfaces:
    check(iface in sends, f"policy: the group may send to {iface}")
    check(iface in root_sends, f"policy: root may send to {iface}")

entries = [line.split() for line in open(sysusers, encoding="utf-8").read().split("\n")
           if line.strip() and not line.startswith("#")]
check(any(e[:2] == ["u", user] for e in entries), "sysusers: defines the user")
check(any(e[:2] == ["g", group] for e in entries) or group == user, "sysusers: defines the access group")

conf = ini(example)
check(set(conf.sections()) <= {"roles", "hearings", "authority", "policy", "retention"},
      "example: only known sections (got %s)" % conf.sections())
if conf.has_section("hearings"):
    check(set(conf["hearings"]) <= {"notice-days", "quorum", "bank-holidays", "not-bank-holidays"},
          "example: only known [hearings] keys")
    check(conf["hearings"].get("notice-days", "14").isdigit(),
          "example: notice-days is a number of days")
if conf.has_section("authority"):
    check(set(conf["authority"]) <= {"name", "contact", "time-zone", "templates"},
          "example: only known [authority] keys")
if conf.has_section("policy"):
    known = {"rules", "training-final-days", "dbs-update-months", "complaints-threshold",
             "complaints-months", "self-report-hours", "audit-every-days", "expire-licences"}
    for key in conf["policy"]:
        check(key in known or key.startswith("lookback-"), f"example: [policy] {key} is known")
    check(int(conf["policy"].get("dbs-update-months", "6")) <= 6,
          "example: DBS Update Service checked at least every 6 months")
if conf.has_section("retention"):
    check(set(conf["retention"]) <= {"years-after-end", "safeguarding-years", "erase"},
          "example: only known [retention] keys")
    check(int(conf["retention"].get("safeguarding-years", "11")) >= 11,
          "example: safeguarding decisions kept at least 11 years")
roles = {"officer", "decision-maker", "board-member", "auditor", "admin"}
check(set(conf["roles"]).issubset(roles), "example: only known roles")

for p in problems:
    print("FAIL:", p)
print("data files: %d problems" % len(problems))
sys.exit(1 if problems else 0)
