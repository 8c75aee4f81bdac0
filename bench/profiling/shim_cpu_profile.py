#!/usr/bin/env python3
# Where the shim's per-call time goes, in headless Chromium through chromedriver (WebDriver and
# DevTools over plain HTTP, standard library only), against a running server with a signed-up
# account (scripts/bench's `bench` / `bench-password`, or sign_in_load's):
#   bench/profiling/shim_cpu_profile.py http://127.0.0.1:PORT bench bench-password
# Prints: the parts of the shim's per-call work timed alone (µs); fetch with a string, with a
# Request, with a Request and its clone, and the patched fetch (ms per call); and two DevTools CPU
# profiles of 500 calls each way, with the self time per function that the patched fetch adds.
import json, subprocess, sys, time, urllib.request, collections, tempfile, shutil
site, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
port = int(sys.argv[4]) if len(sys.argv) > 4 else 9517
driver = subprocess.Popen(["/usr/bin/chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
profile = tempfile.mkdtemp()
def call(method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
        data=None if body is None else json.dumps(body).encode(), headers={"content-type": "application/json"})
    return json.loads(urllib.request.urlopen(req, timeout=300).read())["value"]
try:
    for _ in range(50):
        try: call("GET", "/status"); break
        except Exception: time.sleep(0.1)
    args = ["--headless=new","--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync",f"--user-data-dir={profile}"]
    sid = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}})["sessionId"]
    s = f"/session/{sid}"
    cdp = lambda cmd, params={}: call("POST", f"{s}/goog/cdp/execute", {"cmd": cmd, "params": params})
    run = lambda script, *a: call("POST", f"{s}/execute/async", {"script": script, "args": list(a)})
    call("POST", f"{s}/timeouts", {"script": 300000})
    cdp("Page.addScriptToEvaluateOnNewDocument", {"source": "window.benchNativeFetch = window.fetch;"})
    call("POST", f"{s}/url", {"url": site + "/shim-demo"})
    print(run("""const [u,p,done]=arguments; (async()=>{await window.silentRenew.ready;
      const r=await benchNativeFetch.call(window,'/api/login',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({username:u,password:p})});
      return r.status})().then(done,e=>done(String(e)))""", user, password))
    # Parts of the per-call work, each timed in isolation (µs per call, 2000 calls).
    print(json.dumps(run("""const done=arguments[0]; (async()=>{
      const n=2000, out={};
      const time=async(name,f)=>{for(let i=0;i<200;i++) await f(); const t=performance.now(); for(let i=0;i<n;i++) await f(); out[name]=((performance.now()-t)*1000/n).toFixed(2)};
      const key=Object.keys(localStorage)[0]||'x';
      await time('localStorage.getItem', ()=>localStorage.getItem(key));
      await time('new URL(url, document.baseURI)', ()=>new URL('/api/me', document.baseURI).href);
      await time('new Request(url)', ()=>new Request('/api/me'));
      await time('new Request(url).clone()', ()=>new Request('/api/me').clone());
      await time('await Promise.resolve() (one microtask hop)', ()=>Promise.resolve());
      return out})().then(done,e=>done(String(e)))"""), indent=1))
    # Native fetch with a string vs with a Request object vs the patched fetch: ms per call.
    print(json.dumps(run("""const done=arguments[0]; (async()=>{
      const n=300, out={};
      const variants={native_string:()=>benchNativeFetch.call(window,'/api/me'), native_request:()=>benchNativeFetch.call(window,new Request('/api/me')),
        native_request_and_clone:()=>{const r=new Request('/api/me'); r.clone(); return benchNativeFetch.call(window,r)}, patched:()=>window.fetch('/api/me')};
      for (const k in variants) out[k]=0;
      for (let round=0; round<6; round++) for (const k of Object.keys(variants).sort(()=>Math.random()-0.5)) {
        const t=performance.now(); for(let i=0;i<n/6;i++){const r=await variants[k](); await r.arrayBuffer()} out[k]+=performance.now()-t }
      for (const k in out) out[k]=(out[k]/n).toFixed(4);
      return out})().then(done,e=>done(String(e)))"""), indent=1))
    # DevTools CPU profiles of 500 calls through each fetch: main-thread time per call, and the
    # functions whose self time the shim adds.
    def profile(expr):
        cdp("Profiler.enable"); cdp("Profiler.setSamplingInterval", {"interval": 100}); cdp("Profiler.start")
        run("const done=arguments[0]; (async()=>{for(let i=0;i<500;i++){const r=await " + expr + "; await r.arrayBuffer()} return 1})().then(done,e=>done(String(e)))")
        prof = cdp("Profiler.stop")["profile"]
        deltas = prof.get("timeDeltas", [])
        # Each sample's duration is the gap to the next one.
        durations = collections.Counter()
        by_id = {n["id"]: n for n in prof["nodes"]}
        samples = prof.get("samples", [])
        for i, node_id in enumerate(samples):
            d = deltas[i + 1] if i + 1 < len(deltas) else 0
            cf = by_id[node_id]["callFrame"]
            durations[f"{cf['functionName'] or '(anonymous)'} [{cf['url'].rsplit('/', 1)[-1]}]"] += d
        wall = (prof["endTime"] - prof["startTime"]) / 1e3
        busy = sum(v for k, v in durations.items() if not k.startswith("(idle)")) / 1e3
        return wall, busy, durations
    results = {}
    for name, expr in [("native", "benchNativeFetch.call(window,'/api/me')"), ("patched", "window.fetch('/api/me')")] * 2:
        wall, busy, durations = profile(expr)
        print(f"{name}: {wall/500:.3f} ms per call, main thread busy {busy/500*1000:.0f} us per call")
        results.setdefault(name, collections.Counter()).update(durations)
    print("self time added per call by the patched fetch (us), top:")
    diff = collections.Counter({k: (results["patched"][k] - results["native"][k]) / 1000 / 1000 * 1000 for k in set(results["patched"]) | set(results["native"])})
    for k, v in sorted(diff.items(), key=lambda kv: -kv[1])[:18]:
        print(f"{v:8.1f}  {k}")
    call("DELETE", s)
finally:
    driver.kill(); shutil.rmtree(profile, ignore_errors=True)
