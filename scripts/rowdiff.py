"""rowdiff A.json B.json: rows whose agreement changed between two eval_real JSONs (dev only; every set key)."""
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
LAB_OK = lambda lab, got: lab == got or (lab == "unclear")
for key in b:
    if key not in a or not isinstance(b[key], dict) or "every_row" not in b[key]:
        continue
    ra = {r[0]: r for r in a[key]["every_row"]}
    rb = {r[0]: r for r in b[key]["every_row"]}
    ma = {m[0] for m in a[key]["misses"]}; mb = {m[0] for m in b[key]["misses"]}
    new = sorted(set(rb) - set(ra)); gone = sorted(set(ra) - set(rb))
    gained = sorted((ma - mb) & set(rb)); lost = sorted((mb - ma) & set(ra))
    changed = sorted(r for r in set(ra) & set(rb) if ra[r][3] != rb[r][3] and r in ma and r in mb)
    print(f"== {key}: {a[key]['agree']}/{a[key]['rows']} -> {b[key]['agree']}/{b[key]['rows']}  +{len(gained)} -{len(lost)}"
          f"  (rows only in B: {len(new)}, {len(set(new) & mb)} missed; only in A: {len(gone)})")
    for r in gained: print(f"  + {r[:60]:60s} {ra[r][1]:9s} {ra[r][2]:3s} {ra[r][3]} -> {rb[r][3]} {rb[r][4]}")
    for r in lost: print(f"  - {r[:60]:60s} {ra[r][1]:9s} {ra[r][2]:3s} {ra[r][3]} -> {rb[r][3]} {rb[r][4]}")
    for r in changed: print(f"  ~ {r[:60]:60s} {ra[r][1]:9s} {ra[r][2]:3s} {ra[r][3]} -> {rb[r][3]} {rb[r][4]}")
