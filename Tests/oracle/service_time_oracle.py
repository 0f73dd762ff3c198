#!/usr/bin/env python3
"""Independent oracle for SLAs inside service time (Tests/AnalyticsTests/ServiceTimeOracleTests.swift).

Reads the JSON written by the Swift test (path in argv[1]) and prints the answers as JSON.
Nothing here follows the Swift algorithms (day-by-day window instants, merge walks):

- Service time is a per-second mask. zoneinfo gives the UTC offset of every second (sampled
  every 15 minutes, each change bisected to the second); the wall clock is t + offset and
  its running maximum H(t) is the latest wall time the clock has shown by t. "The window
  runs from the first instant the clock shows its start to the first instant it shows its
  end" is then simply start <= H(t) < end in wall seconds, which also covers the repeated
  autumn hour (H stands still) and the skipped spring hour (H jumps over it). A window
  belongs to the local day it starts on; holidays drop the windows starting on them.
- Downtime is a per-second mask from the heartbeats (down when the last heartbeat at or
  before t reported offline or is more than grace old; before the first heartbeat from the
  window start, or from created_at + grace for a device created in the period), minus
  maintenance; outages are its runs, outage_min applied to a run's whole length unless its
  start is unknown or it is still going on, clipped to the window, then counted with their
  seconds inside service time. Maintenance starting after the observed end ("now") does not
  interrupt down time still going on then.

Plain Python 3 with numpy and zoneinfo.
"""
import json
import sys
from datetime import date, datetime, timedelta, timezone

try:
    import numpy as np
    from zoneinfo import ZoneInfo
except ImportError as exc:  # pragma: no cover - exercised when the environment is incomplete
    sys.stderr.write(f"service time oracle: missing Python package ({exc}); run: pip install -r scripts/requirements-test.txt\n")
    sys.exit(3)

DAY = 86400
MARGIN = DAY


def utc_offset(t, tz):
    return int(datetime.fromtimestamp(int(t), tz=timezone.utc).astimezone(tz).utcoffset().total_seconds())


def offsets(g0, g1, tz):
    """UTC offset of every second of [g0, g1) as an array."""
    step = 900
    changes = []  # (first second with the new offset, new offset)
    t, off = g0, utc_offset(g0, tz)
    first = off
    while t < g1:
        u = min(t + step, g1)
        o = utc_offset(u, tz)
        if o != off:
            lo, hi = t, u  # offset(lo) == off, offset(hi) != off
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if utc_offset(mid, tz) == off:
                    lo = mid
                else:
                    hi = mid
            changes.append((hi, utc_offset(hi, tz)))
            off = utc_offset(hi, tz)
        t = u
    out = np.full(g1 - g0, first, dtype=np.int64)
    for at, o in changes:
        out[at - g0:] = o
    return out


def hm(text):
    h, m = text.split(":")
    return int(h) * 3600 + int(m) * 60


KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def service_mask(sc, g0, g1):
    cal = sc["calendar"]
    n = g1 - g0
    if cal is None:
        return np.ones(n, dtype=bool)
    tz = ZoneInfo(sc["timezone"])
    t = np.arange(g0, g1, dtype=np.int64)
    high = np.maximum.accumulate(t + offsets(g0, g1, tz))
    holidays = {date.fromisoformat(h) for h in cal["holidays"]}
    mask = np.zeros(n, dtype=bool)
    epoch = date(1970, 1, 1)
    for d in range(int(high.min()) // DAY - 1, int(high.max()) // DAY + 1):
        day = epoch + timedelta(days=d)
        if day in holidays:
            continue
        for ws, we in cal["weekly"].get(KEYS[day.weekday()], []):
            a, b = hm(ws), hm(we)
            if b <= a:
                b += DAY
            mask |= (high >= d * DAY + a) & (high < d * DAY + b)
    return mask


def runs(mask):
    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))


def figures(mon, down, n, target):
    up = mon - down
    return {
        "availability": up / mon if mon > 0 else None,
        "budget_allowed": mon * (100 - target) / 100 if mon > 0 else None,
        "budget_left": (mon * (100 - target) / 100 - down) if mon > 0 else None,
        "mttr": down / n if n else None,
        "mtbf": up / n if n else None,
    }


def device(dev, sc, g0, g1, svc):
    S, E, now = sc["start"], sc["end"], sc["now"]
    grace, outage_min = sc["grace"], sc["outage_min"]
    W0 = max(S, dev["created_at"])
    W1 = min(E, now) if now is not None else E
    created_in_period = dev["created_at"] >= S
    t = np.arange(g0, g1, dtype=np.int64)
    ts = np.asarray(dev["times"], dtype=np.int64)
    on = np.asarray(dev["online"], dtype=bool)
    assert len(ts) == 0 or (ts[0] > g0 and ts[-1] < g1 - 2 * grace), "heartbeats outside the oracle's grid"
    last = np.searchsorted(ts, t, side="right") - 1
    before_first = last < 0
    if len(ts):
        k = np.where(before_first, 0, last)
        raw = np.where(before_first, False, (~on[k]) | (t >= ts[k] + grace))
    else:
        raw = np.zeros(len(t), dtype=bool)
    raw |= before_first & (t >= W0 + (grace if created_in_period else 0))
    maint = np.zeros(len(t), dtype=bool)
    later = np.zeros(len(t), dtype=bool)  # maintenance starting at or after the observed end
    for a, b in sc["tenant_maintenance"] + dev["maintenance"]:
        (later if a >= W1 else maint)[max(a, g0) - g0:max(min(b, g1), g0) - g0] = True
    # Nothing after the observed end is known: such maintenance does not interrupt the down
    # time still going on at the end of the heartbeats (the raw run reaching the grid's end).
    tail = runs(raw)[-1][0] if raw[-1] else len(t)
    later[tail:] = False
    maint |= later
    down = raw & ~maint

    outages = []
    final = np.zeros(len(t), dtype=bool)
    first_t = int(ts[0]) if len(ts) else None
    for a, b in runs(down):
        ra, rb = g0 + a, g0 + b
        unknown_start = (last[a] < 0 and not created_in_period and ra == W0) or \
                        (first_t is not None and ra == first_t and not on[0] and first_t <= W0)
        ongoing = b == len(t)
        if not unknown_start and not ongoing and rb - ra < outage_min:
            continue
        ca, cb = max(ra, W0), min(rb, W1)
        if cb <= ca:
            continue
        final[ca - g0:cb - g0] = True
        cause = "reported_offline" if last[a] >= 0 and not on[last[a]] else "missed_heartbeats"
        in_s = int(svc[ca - g0:cb - g0].sum())
        outages.append([ca, cb, cause, None if unknown_start else ra, None if ongoing else rb, in_s])

    def totals(lo, hi):
        a = max(lo, W0) - g0  # [lo, hi) within the window, as grid indices
        b = max(min(hi, W1) - g0, a)
        s, m, f = svc[a:b], maint[a:b], final[a:b]
        touched = [int(svc[max(o[0], lo) - g0:max(min(o[1], hi), lo) - g0].sum()) for o in outages]
        touched = [x for x in touched if x > 0]
        return {
            "monitored": int((s & ~m).sum()),
            "down": int((f & s).sum()),
            "maintenance": int((s & m).sum()),
            "planned": int((raw[a:b] & m & s).sum()),
            "outside": int((f & ~s).sum()),
            "outages": len(touched),
            "longest": max(touched, default=0),
        }

    res = totals(g0, g1)
    res.update(figures(res["monitored"], res["down"], res["outages"], sc["target_pct"]))
    res["id"] = dev["id"]
    res["outage_list"] = outages
    res["buckets"] = [totals(a, b) for a, b in sc["breakdown"]]
    mx = sc["max_outages"]
    res["meets_max_outages"] = None if mx is None or res["monitored"] == 0 else res["outages"] <= mx
    return res


KEYS_SUMMED = ["monitored", "down", "maintenance", "planned", "outside", "outages"]


def scenario(sc):
    g0, g1 = sc["start"] - MARGIN, sc["end"] + MARGIN
    svc = service_mask(sc, g0, g1)
    lo, hi = sc["start"] - g0, sc["end"] - g0
    service = [[g0 + lo + a, g0 + lo + b] for a, b in runs(svc[lo:hi])]
    devices = [device(d, sc, g0, g1, svc) for d in sc["devices"]]
    tenant = {k: sum(d[k] for d in devices) for k in KEYS_SUMMED}
    tenant["longest"] = max((d["longest"] for d in devices), default=0)
    tenant.update(figures(tenant["monitored"], tenant["down"], tenant["outages"], sc["target_pct"]))
    statuses = [d["meets_max_outages"] for d in devices if d["meets_max_outages"] is not None]
    tenant["meets_max_outages"] = None if not statuses else all(statuses)
    daily = []
    for i in range(len(sc["breakdown"])):
        b = {k: sum(d["buckets"][i][k] for d in devices) for k in KEYS_SUMMED}
        b["longest"] = max((d["buckets"][i]["longest"] for d in devices), default=0)
        daily.append(b)
    return {"name": sc["name"], "service": service, "devices": devices, "tenant": tenant, "daily": daily}


def main():
    with open(sys.argv[1]) as fh:
        inp = json.load(fh)
    json.dump({"scenarios": [scenario(sc) for sc in inp["scenarios"]]}, sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
