#!/usr/bin/env python3
"""Independent oracle for the Analytics module (Tests/AnalyticsTests/OracleTests.swift).

Reads the JSON written by the Swift test (path in argv[1]), recomputes every statistic with
numpy / pandas / zoneinfo / the PyPI `lttb` package -- never with the Swift algorithms --
and prints the results as JSON on stdout.

- SLA: a per-second boolean mask (down / maintenance / window) over each device's time
  line, runs found with numpy.diff, instead of the Swift interval streaming.
- Local day and hour buckets: zoneinfo + pandas.date_range.
- Rollups: pandas groupby on the raw samples; percentiles numpy method="lower".
- LTTB: lttb.downsample per gap-free segment, indices recovered with searchsorted.
- Trend: numpy.polyfit. Alert percentiles: numpy method="linear".

Exit status 3 with a clear message when a package is missing.
"""
import json
import sys

try:
    import numpy as np
    import pandas as pd
    import lttb
    from zoneinfo import ZoneInfo
except ImportError as exc:  # pragma: no cover - exercised when the environment is incomplete
    sys.stderr.write(
        f"analytics oracle: missing Python package ({exc}); "
        "run: pip install -r scripts/requirements-test.txt\n")
    sys.exit(3)

from datetime import date, datetime, timedelta


# ---------------------------------------------------------------- periods

def local_midnight(day, tz):
    return int(datetime(day.year, day.month, day.day, tzinfo=tz).timestamp())


def day_buckets(first_day, last_day, tzname):
    tz = ZoneInfo(tzname)
    d0 = date.fromisoformat(first_day)
    d1 = date.fromisoformat(last_day)
    out = []
    d = d0
    while d <= d1:
        out.append([local_midnight(d, tz), local_midnight(d + timedelta(days=1), tz)])
        d += timedelta(days=1)
    return out


def hour_starts(first_day, last_day, tzname):
    days = day_buckets(first_day, last_day, tzname)
    start = pd.Timestamp(days[0][0], unit="s", tz="UTC").tz_convert(tzname)
    end = pd.Timestamp(days[-1][1], unit="s", tz="UTC").tz_convert(tzname)
    rng = pd.date_range(start=start, end=end, freq="h", inclusive="left")
    # date_range steps in absolute hours from local midnight: the local hour starts in
    # zones whose DST shifts are whole hours (not Australia/Lord_Howe).
    return [int(ts.timestamp()) for ts in rng]


# ---------------------------------------------------------------- SLA (per-second mask)

def sla_device(dev, sc):
    S, E = sc["start"], sc["end"]
    now = sc["now"]
    grace, outage_min = sc["grace"], sc["outage_min"]
    W0 = max(S, dev["created_at"])
    W1 = min(E, now) if now is not None else E
    created_in_period = dev["created_at"] >= S
    ts = np.asarray(dev["times"], dtype=np.int64)
    on = np.asarray(dev["online"], dtype=bool)
    first_t = int(ts[0]) if len(ts) else None
    last_t = int(ts[-1]) if len(ts) else None
    lo = min(W0, first_t if first_t is not None else W0) - 2
    hi = max(W1, W0 + grace, (last_t + grace) if last_t is not None else W0) + 2
    s = np.arange(lo, hi, dtype=np.int64)
    idx = np.searchsorted(ts, s, side="right") - 1
    has_prev = idx >= 0
    safe = np.where(has_prev, idx, 0)
    if len(ts):
        prev_t = ts[safe]
        prev_on = on[safe]
        down_prev = (~prev_on) | (s >= prev_t + grace)
    else:
        prev_on = np.ones_like(s, dtype=bool)
        down_prev = np.zeros_like(s, dtype=bool)
    down_none = (s >= W0 + grace) if created_in_period else (s >= W0)
    down = np.where(has_prev, down_prev, down_none)
    maint = np.zeros_like(s, dtype=bool)
    for a, b in sc["tenant_maintenance"] + dev["maintenance"]:
        maint |= (s >= a) & (s < b)
    down &= ~maint
    window = (s >= W0) & (s < W1)

    d = np.diff(np.concatenate([[0], down.astype(np.int8), [0]]))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    final = np.zeros_like(down)
    outages = []
    for a, b in zip(starts, ends):
        ra, rb = int(s[a]), int(s[b - 1]) + 1
        first_second_prev = idx[a]
        left_open = False
        if first_second_prev < 0 and not created_in_period and ra == W0:
            left_open = True
        if first_t is not None and ra == first_t and not on[0] and first_t <= W0:
            left_open = True
        ongoing = b == len(s)
        if not left_open and not ongoing and rb - ra < outage_min:
            continue
        ca, cb = max(ra, W0), min(rb, W1)
        if cb <= ca:
            continue
        final[(s >= ca) & (s < cb)] = True
        cause = "reported_offline" if first_second_prev >= 0 and not on[first_second_prev] else "missed_heartbeats"
        outages.append([ca, cb, cause, None if left_open else ra, None if ongoing else rb])
    buckets = []
    for a, b in sc["breakdown"]:
        inb = (s >= a) & (s < b) & window
        touched = sum(1 for o in outages if o[0] < b and o[1] > a)
        longest = max([min(o[1], b) - max(o[0], a) for o in outages if o[0] < b and o[1] > a], default=0)
        buckets.append([int((inb & ~maint).sum()), int((inb & final).sum()), int((inb & maint).sum()), touched, int(longest)])
    monitored = int((window & ~maint).sum())
    downs = int((window & final).sum())
    return {
        "id": dev["id"],
        "window": [W0, max(W0, W1)] if W1 > W0 else [W0, W0],
        "monitored": monitored,
        "down": downs,
        "maintenance": int((window & maint).sum()),
        "outages": outages,
        "buckets": buckets,
    }


def figures(mon, down, n, target):
    up = mon - down
    return {
        "availability": up / mon if mon > 0 else None,
        "budget_allowed": mon * (100 - target) / 100 if mon > 0 else None,
        "budget_left": (mon * (100 - target) / 100 - down) if mon > 0 else None,
        "mttr": down / n if n else None,
        "mtbf": up / n if n else None,
    }


def sla(sc):
    devices = [sla_device(d, sc) for d in sc["devices"]]
    for d in devices:
        d.update(figures(d["monitored"], d["down"], len(d["outages"]), sc["target_pct"]))
    frame = pd.DataFrame([{"m": d["monitored"], "d": d["down"], "x": d["maintenance"], "n": len(d["outages"])} for d in devices])
    mon, down = int(frame["m"].sum()), int(frame["d"].sum())
    n = int(frame["n"].sum())
    tenant = {"monitored": mon, "down": down, "maintenance": int(frame["x"].sum()), "outages": n,
              "longest": max([o[1] - o[0] for d in devices for o in d["outages"]], default=0)}
    tenant.update(figures(mon, down, n, sc["target_pct"]))
    daily = []
    for i in range(len(sc["breakdown"])):
        m = sum(d["buckets"][i][0] for d in devices)
        dn = sum(d["buckets"][i][1] for d in devices)
        daily.append([m, dn, (m - dn) / m if m else None])
    return {"devices": devices, "tenant": tenant, "daily": daily}


# ---------------------------------------------------------------- rollups and percentiles

QS = [0.5, 0.95, 0.99]


def metrics(m):
    out = []
    days = day_buckets(m["first_day"], m["last_day"], m["timezone"])
    for series in m["series"]:
        df = pd.DataFrame({"t": np.asarray(series["t"], dtype=float), "v": np.asarray(series["v"], dtype=float)})
        finite = np.isfinite(df["v"].to_numpy())
        good = df[finite]
        hour = (np.floor(good["t"].to_numpy() / 3600) * 3600).astype(np.int64)
        hourly = good.groupby(hour)["v"].agg(["count", "sum", "min", "max"])
        res = {"id": series["id"], "dropped": int((~finite).sum()),
               "hours": [[int(h), int(r["count"])] for h, r in hourly.iterrows()]}
        per_day = []
        for a, b in days:
            # A sample belongs to the UTC hour it falls in; hours are assigned to a local
            # day by their start (the rollup contract).
            sel = good[(hour >= a) & (hour < b)]["v"].to_numpy()
            per_day.append(stats(sel))
        res["days"] = per_day
        res["total"] = stats(good["v"].to_numpy())
        out.append(res)
    return out


def stats(values):
    if len(values) == 0:
        return {"count": 0, "mean": None, "min": None, "max": None, "q": [None] * len(QS)}
    return {"count": int(len(values)), "mean": float(np.mean(values)), "min": float(np.min(values)),
            "max": float(np.max(values)),
            "q": [float(np.quantile(values, q, method="lower")) for q in QS]}


# ---------------------------------------------------------------- LTTB

def segments(x, y, max_gap):
    segs, start = [], None
    for i in range(len(x)):
        if not (np.isfinite(y[i]) and np.isfinite(x[i])):
            if start is not None:
                segs.append((start, i))
            start = None
            continue
        if start is not None and max_gap is not None and x[i] - x[i - 1] > max_gap:
            segs.append((start, i))
            start = i
        elif start is None:
            start = i
    if start is not None:
        segs.append((start, len(x)))
    return segs


def allocate(budget, lengths):
    total = sum(lengths)
    if budget <= 0:
        return [0] * len(lengths)
    if total <= budget:
        return list(lengths)
    quota = [budget * n // total for n in lengths]
    rem = [budget * n % total for n in lengths]
    left = budget - sum(quota)
    for i in sorted(range(len(lengths)), key=lambda i: (-rem[i], i))[:left]:
        quota[i] += 1
    return quota


def lttb_series(item):
    x = np.asarray(item["x"], dtype=float)
    y = np.asarray(item["y"], dtype=float)
    segs = segments(x, y, item["max_gap"])
    quotas = allocate(item["n_out"], [b - a for a, b in segs])
    out = []
    for (a, b), q in zip(segs, quotas):
        if q <= 0:
            continue
        n = b - a
        if q >= n:
            picked = list(range(a, b))
        elif q == 1:
            picked = [a]
        elif q == 2:
            picked = [a, b - 1]
        else:
            data = np.column_stack([x[a:b], y[a:b]])
            down = lttb.downsample(data, n_out=q)
            picked = [int(a + i) for i in np.searchsorted(x[a:b], down[:, 0])]
        out.append(picked)
    return out


# ---------------------------------------------------------------- trends

def trend(item):
    t = np.asarray(item["t"], dtype=float)
    v = np.asarray(item["v"], dtype=float)
    ok = np.isfinite(t) & np.isfinite(v)
    t, v = t[ok], v[ok]
    t0 = t.min()
    days = (t - t0) / 86400.0
    slope, intercept = np.polyfit(days, v, 1)
    res = {"slope_per_day": float(slope)}
    for thr in (90.0, 100.0):
        key = "t%d" % int(thr)
        if item["last_value"] is not None and item["last_value"] >= thr:
            res[key] = "already"
        elif slope <= 0:
            res[key] = "not_rising"
        else:
            res[key] = max(t0 + (thr - intercept) / slope * 86400.0, float(item["as_of"]))
    return res


# ---------------------------------------------------------------- alerts

def alerts(a):
    S, E = a["start"], a["end"]
    df = pd.DataFrame(a["records"], columns=["device", "type", "severity", "trig", "res", "is_res"])
    df["res"] = pd.to_numeric(df["res"])
    in_period = (df["trig"] >= S) & (df["trig"] < E)
    open_at_end = (df["trig"] < E) & (df["res"].isna() & ~df["is_res"] | (df["res"] >= E))
    resolved = in_period & df["res"].notna() & (df["res"] < E)

    def group(mask):
        ttr = (df.loc[mask & resolved, "res"] - df.loc[mask & resolved, "trig"]).to_numpy(dtype=float)
        return {"count": int((mask & in_period).sum()), "open": int((mask & open_at_end).sum()),
                "resolved": int(len(ttr)),
                "p50": float(np.percentile(ttr, 50)) if len(ttr) else None,
                "p90": float(np.percentile(ttr, 90)) if len(ttr) else None,
                "max": int(ttr.max()) if len(ttr) else None}

    everything = pd.Series(True, index=df.index)
    out = {"overall": group(everything), "by_severity": {}, "by_type": {}}
    for sev in df["severity"].unique():
        g = group(df["severity"] == sev)
        if g["count"] or g["open"]:
            out["by_severity"][sev] = g
    for typ in df["type"].unique():
        g = group(df["type"] == typ)
        if g["count"] or g["open"]:
            out["by_type"][typ] = g
    counts = df[in_period].groupby("device").size().reset_index(name="n")
    counts = counts.sort_values(["n", "device"], ascending=[False, True]).head(a["limit"])
    out["noisiest"] = [[r.device, int(r.n)] for r in counts.itertuples()]
    return out


def main():
    with open(sys.argv[1]) as fh:
        inp = json.load(fh)
    out = {
        "zones": [{"days": day_buckets(z["first_day"], z["last_day"], z["timezone"]),
                   "hours": hour_starts(z["first_day"], z["last_day"], z["timezone"])} for z in inp["zones"]],
        "sla": [sla(sc) for sc in inp["sla"]],
        "metrics": metrics(inp["metrics"]),
        "lttb": [lttb_series(item) for item in inp["lttb"]],
        "trends": [trend(item) for item in inp["trends"]],
        "alerts": alerts(inp["alerts"]),
    }
    json.dump(out, sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
