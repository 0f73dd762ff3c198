#!/usr/bin/env python3
"""Soak tally: tally.py RUNS_TSV CONSUMED_JSONL MAIL_DIR EXITS_FILE FAULTS_FILE [DETAILS_FILE [DATES_FILE TENANTS]]

RUNS_TSV: `id<TAB>status` of every ledger row of the soak tenants (psql -At -F'\t').
DATES_FILE: the nightly dates and their catch-up dates, one a line (repeats count once); with TENANTS it gives the reports due (sla-daily every
day, alerts-weekly on Mondays) and so how many were never produced (failed nights not caught up).
Prints the soak table; exit 0 if nothing was lost and no mail was sent twice, else 1.
"""
import collections, email, email.policy, glob, json, os, sys

runs_tsv, consumed, mail_dir, exits_file, faults_file = sys.argv[1:6]
details = sys.argv[6] if len(sys.argv) > 6 else None
due = None
if len(sys.argv) > 8:
    import datetime
    dates = {datetime.date.fromisoformat(l.strip()) for l in open(sys.argv[7]) if l.strip()}
    due = sum(1 + (d.weekday() == 0) for d in dates) * int(sys.argv[8])

status = {}
for line in open(runs_tsv):
    if line.strip():
        rid, st = line.rstrip("\n").split("\t")
        status[rid.lower()] = st
succeeded = {r for r, s in status.items() if s == "succeeded"}
by_status = collections.Counter(status.values())

wire = collections.Counter()
if os.path.exists(consumed):
    for line in open(consumed):
        if line.strip():
            wire[(json.loads(line)["message_id"] or "").lower()] += 1
mails = collections.Counter()
for p in sorted(glob.glob(os.path.join(mail_dir, "*.eml"))):
    with open(p, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    mid = (msg.get("Message-ID") or "").strip().strip("<>").split(".report@")[0].lower()
    mails[mid] += 1

lost = sorted(succeeded - set(wire))
not_mailed = sorted(succeeded - set(mails))
dup_wire = {k: v for k, v in wire.items() if v > 1}
dup_mail = {k: v for k, v in mails.items() if v > 1}
foreign = sorted(set(wire) - set(status))
exits = collections.Counter(l.strip() for l in open(exits_file) if l.strip())
faults = collections.Counter(l.strip() for l in open(faults_file) if l.strip())

rows = [
    ("nightly runs", sum(exits.values())),
    ("faults injected", sum(v for k, v in faults.items() if k != "none")),
] + [(f"  {k}", v) for k, v in sorted(faults.items()) if k != "none"] + [
    ("exit codes", " ".join(f"{k}:{v}" for k, v in sorted(exits.items(), key=lambda kv: int(kv[0])))),
    ("ledger rows (soak tenants)", " ".join(f"{k}:{v}" for k, v in sorted(by_status.items())) or "0"),
    ("reports produced (succeeded)", len(succeeded) if due is None else f"{len(succeeded)} of {due} due"),
    ("notifications received (unique)", len(wire)),
    ("notifications duplicated on the wire", f"{len(dup_wire)} ids, {sum(dup_wire.values()) - len(dup_wire)} extra copies"),
    ("notifications not from the ledger", len(foreign)),
    ("REPORTS LOST (succeeded, never notified)", len(lost)),
    ("mails delivered (.eml)", sum(mails.values())),
    ("mails lost (succeeded, never mailed)", len(not_mailed)),
    ("DUPLICATE MAILS (Message-IDs mailed > 1)", len(dup_mail)),
]
w = max(len(r[0]) for r in rows)
print("-" * (w + 14))
for k, v in rows:
    print(f"{k:<{w}}  {v}")
print("-" * (w + 14))
if details:
    with open(details, "w") as f:
        json.dump({"lost": lost, "not_mailed": not_mailed, "dup_wire": dup_wire, "dup_mail": dup_mail,
                   "foreign": foreign}, f, indent=1)
for label, ids in (("lost", lost), ("not mailed", not_mailed), ("duplicate mail", sorted(dup_mail))):
    for i in ids[:10]:
        print(f"soak: {label}: run_id={i} status={status.get(i)}")
sys.exit(1 if lost or dup_mail or not_mailed else 0)
