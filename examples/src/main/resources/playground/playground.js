// autoencoders playground: the page draws; every number and picture comes from the Java server (/api/...).
// Plain JavaScript and canvas, no library, nothing loaded from the network.
"use strict";

const TAB10 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const $ = (id) => document.getElementById(id);
const state = { classes: [], testTotal: 0, latent: null, latentVersion: -1, interp: null, jobs: {} };

// ---------------------------------------------------------------- requests

async function api(path, options) {
  const r = await fetch("/api/" + path, options);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}
const post = (path) => api(path, { method: "POST" });

/** A function that calls fetcher(arg) one request at a time; while one is out, only the newest argument waits. */
function latest(fetcher) {
  let busy = false, pending = null;
  const go = async (arg) => {
    if (busy) { pending = arg; return; }
    busy = true;
    try { await fetcher(arg); } catch (e) { showError(e); }
    busy = false;
    if (pending !== null) { const p = pending; pending = null; go(p); }
  };
  return go;
}

function showError(e) {
  console.warn(e);
  const line = $("status-line");
  line.textContent = "error: " + e.message;
  line.className = "error";
}

function codeColour(k) {
  return "hsl(" + Math.round((k * 137.508) % 360) + ", 65%, " + (55 + (k % 3) * 10) + "%)";
}

// ---------------------------------------------------------------- status and jobs

function jobText(job) {
  if (!job) return "";
  const pct = job.total > 0 ? " " + Math.round(100 * job.step / job.total) + "% (" + job.step + " of " + job.total + " steps)" : "";
  return job.state + pct + (job.message ? ": " + job.message : "");
}

function showJob(panel, job) {
  const el = $(panel + "-job");
  if (!el) return;
  el.textContent = job ? jobText(job) : "";
  el.className = "job " + (job ? job.state : "");
}

async function pollStatus() {
  try {
    const s = await api("status");
    $("data-name").textContent = s.data;
    if (state.classes.length === 0) { state.classes = s.classes; state.testTotal = s.testImages; buildClasses(); buildLegend(); }
    if (s.notes) { $("notes").hidden = false; $("notes").textContent = s.notes; }
    const before = state.jobs;
    state.jobs = s.jobs;
    for (const [panel, job] of Object.entries(s.jobs)) {
      showJob(panel, job);
      const was = before[panel];
      if (was && was.state !== job.state && (job.state === "done" || job.state === "cancelled")) onReady(panel);
    }
    const running = Object.values(s.jobs).filter((j) => j.state === "running" || j.state === "queued");
    $("status-line").className = "";
    $("status-line").textContent = running.length ? "training: " + running.map((j) => j.task).join("; ") : "all models ready";
    $("cvae-source").textContent = describeCvae(s.models.cvae);
  } catch (e) { showError(e); }
}

function describeCvae(c) {
  return ["concat", "prior-mean"].map((v) => v + ": " + (c[v].ready ? "L = " + c[v].latent + ", " + c[v].source : "not ready")).join(" · ");
}

function onReady(panel) {
  if (panel === "denoise") denoise();
  if (panel === "cvae") { cvaeDecode(); }
  if (panel === "vq") loadVq(state.vqIndex || 0);
}

// ---------------------------------------------------------------- test-image pickers

async function picker(id, onPick, marks) {
  const box = $(id);
  let from = 0;
  const count = 16;
  async function page() {
    const r = await api("test-images?from=" + from + "&count=" + count);
    box.innerHTML = "";
    const prev = document.createElement("button");
    prev.textContent = "‹"; prev.type = "button"; prev.disabled = from === 0;
    prev.onclick = () => { from = Math.max(0, from - count); page(); };
    box.appendChild(prev);
    r.images.forEach((src, i) => {
      const img = document.createElement("img");
      img.src = src; img.title = "test image " + (from + i) + ", class " + (state.classes[r.labels[i]] || r.labels[i]);
      img.dataset.index = from + i;
      img.onclick = () => onPick(from + i, img, box);
      box.appendChild(img);
    });
    const next = document.createElement("button");
    next.textContent = "›"; next.type = "button"; next.disabled = from + count >= r.total;
    next.onclick = () => { from = Math.min(r.total - 1, from + count); page(); };
    box.appendChild(next);
    if (marks) marks(box);
  }
  await page();
}

// ---------------------------------------------------------------- 1. the latent plane

const planes = {
  vae: { canvas: null, point: null, decode: null },
  ae: { canvas: null, point: null, decode: null },
};

function toCanvas(box, canvas, x, y) {
  return [(x - box[0]) / (box[1] - box[0]) * canvas.width, (box[3] - y) / (box[3] - box[2]) * canvas.height];
}
function fromCanvas(box, canvas, px, py) {
  return [box[0] + px / canvas.width * (box[1] - box[0]), box[3] - py / canvas.height * (box[3] - box[2])];
}

function drawPlane(model) {
  const s = state.latent, p = planes[model], c = p.canvas, g = c.getContext("2d");
  g.clearRect(0, 0, c.width, c.height);
  if (!s) return;
  const box = s[model].box, codes = s[model].codes, labels = s.labels;
  // axes through 0
  g.strokeStyle = "#ddd"; g.lineWidth = 1;
  const [ox, oy] = toCanvas(box, c, 0, 0);
  g.beginPath(); g.moveTo(ox, 0); g.lineTo(ox, c.height); g.moveTo(0, oy); g.lineTo(c.width, oy); g.stroke();
  for (let i = 0; i < labels.length; i++) {
    const [x, y] = toCanvas(box, c, codes[2 * i], codes[2 * i + 1]);
    g.fillStyle = TAB10[labels[i] % 10];
    g.fillRect(x - 1.5, y - 1.5, 3, 3);
  }
  g.fillStyle = "#444"; g.font = "11px sans-serif";
  g.fillText("[" + box[0].toFixed(1) + ", " + box[1].toFixed(1) + "]²", 4, c.height - 5);
  // the interpolation path
  const it = state.interp;
  if (it && it[model]) {
    const path = it[model].path;
    g.strokeStyle = "#000"; g.lineWidth = 2; g.beginPath();
    for (let i = 0; i < path.length / 2; i++) {
      const [x, y] = toCanvas(box, c, path[2 * i], path[2 * i + 1]);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    }
    g.stroke();
    const t = +$("interp-t").value, [x, y] = toCanvas(box, c, path[2 * t], path[2 * t + 1]);
    g.fillStyle = "#fff"; g.strokeStyle = "#000"; g.beginPath(); g.arc(x, y, 5, 0, 7); g.fill(); g.stroke();
  }
  if (p.point) {
    const [x, y] = toCanvas(box, c, p.point[0], p.point[1]);
    g.strokeStyle = "#000"; g.lineWidth = 1.5;
    g.beginPath(); g.moveTo(x - 8, y); g.lineTo(x + 8, y); g.moveTo(x, y - 8); g.lineTo(x, y + 8); g.stroke();
  }
}

function drawCurves() {
  const s = state.latent, c = $("curves"), g = c.getContext("2d");
  g.clearRect(0, 0, c.width, c.height);
  if (!s || s.curve.length === 0) return;
  const rows = s.curve, last = rows[rows.length - 1][0] || 1;
  const half = c.height / 2 - 10;
  function plot(top, series, colours, names) {
    let lo = Infinity, hi = -Infinity;
    for (const r of rows) for (const k of series) { lo = Math.min(lo, r[k]); hi = Math.max(hi, r[k]); }
    if (!(hi > lo)) { hi = lo + 1; }
    g.strokeStyle = "#ccc"; g.strokeRect(30, top, c.width - 36, half);
    g.fillStyle = "#444"; g.font = "10px sans-serif";
    g.fillText(hi.toFixed(1), 0, top + 9); g.fillText(lo.toFixed(1), 0, top + half);
    series.forEach((k, j) => {
      g.strokeStyle = colours[j]; g.lineWidth = 1.5; g.beginPath();
      rows.forEach((r, i) => {
        const x = 30 + r[0] / last * (c.width - 36), y = top + half - (r[k] - lo) / (hi - lo) * half;
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
      g.fillStyle = colours[j]; g.fillText(names[j], 36 + j * 110, top + 11);
    });
  }
  plot(2, [1, 3], [TAB10[0], TAB10[2]], ["VAE reconstruction", "AE reconstruction"]);
  plot(c.height / 2 + 6, [2], [TAB10[1]], ["VAE KL"]);
  g.fillStyle = "#444"; g.fillText("step " + last, c.width - 70, c.height - 2);
}

async function pollLatent() {
  try {
    const s = await api("latent/state?since=" + state.latentVersion);
    showJob("latent", s.job);
    if (s.version === undefined || s.version === state.latentVersion) return;
    state.latent = s; state.latentVersion = s.version;
    if (!state.formSynced) {
      // a page opened during or after a run shows that run's settings
      $("beta").value = $("beta-range").value = s.settings.beta; $("warmup").value = s.settings.warmup; $("steps").value = s.settings.steps;
      state.formSynced = true;
    }
    drawPlane("vae"); drawPlane("ae"); drawCurves();
    $("latent-facts").textContent = "step " + s.step + " · beta " + s.settings.beta + " · warm-up " + s.settings.warmup
      + " steps · the VAE's mean posterior variance sigma² = " + s.meanVariance.toPrecision(3)
      + " (the prior's is 1; without the KL term, beta = 0, it falls towards 0)";
    for (const m of ["vae", "ae"]) {
      const p = planes[m], box = s[m].box;
      // a first point: the middle of the plane; later, a point outside a new run's plane moves inside it
      if (!p.point) p.point = [(box[0] + box[1]) / 2, (box[2] + box[3]) / 2];
      p.point = [Math.min(Math.max(p.point[0], box[0]), box[1]), Math.min(Math.max(p.point[1], box[2]), box[3])];
      drawPlane(m);
      p.decode(p.point);
    }
    if (state.interpPair) interpolate();
  } catch (e) { showError(e); }
}

function setupPlane(model) {
  const p = planes[model];
  p.canvas = $("plane-" + model);
  p.decode = latest(async (z) => {
    const r = await api("latent/decode?model=" + model + "&z1=" + z[0] + "&z2=" + z[1]);
    $("decoded-" + model).src = r.image;
    $("point-" + model).textContent = "z = (" + z[0].toFixed(2) + ", " + z[1].toFixed(2) + ")";
  });
  let dragging = false;
  const at = (e) => {
    if (!state.latent) return null;
    const rect = p.canvas.getBoundingClientRect();
    const px = (e.clientX - rect.left) * p.canvas.width / rect.width, py = (e.clientY - rect.top) * p.canvas.height / rect.height;
    const box = state.latent[model].box;
    const z = fromCanvas(box, p.canvas, Math.min(Math.max(px, 0), p.canvas.width), Math.min(Math.max(py, 0), p.canvas.height));
    return [Math.min(Math.max(z[0], box[0]), box[1]), Math.min(Math.max(z[1], box[2]), box[3])];
  };
  const move = (e) => {
    const z = at(e);
    if (!z) return;
    p.point = z; drawPlane(model); p.decode(z);
  };
  p.canvas.addEventListener("pointerdown", (e) => { dragging = true; p.canvas.setPointerCapture(e.pointerId); move(e); });
  p.canvas.addEventListener("pointermove", (e) => { if (dragging) move(e); });
  p.canvas.addEventListener("pointerup", () => { dragging = false; });
  p.canvas.addEventListener("pointercancel", () => { dragging = false; });
}

function setupLatentControls() {
  $("beta-range").oninput = () => { $("beta").value = $("beta-range").value; };
  $("beta").oninput = () => { $("beta-range").value = $("beta").value; };
  $("latent-form").onsubmit = async (e) => {
    e.preventDefault();
    try {
      await post("latent/train?beta=" + $("beta").value + "&warmup=" + $("warmup").value + "&steps=" + $("steps").value);
      state.latentVersion = -1;
    } catch (err) { showError(err); }
  };
  $("latent-stop").onclick = () => post("latent/stop").catch(showError);
}

function buildLegend() {
  $("legend").innerHTML = state.classes.map((c, i) => '<span style="--c:' + TAB10[i % 10] + '">' + c + "</span>").join("");
}

// ---------------------------------------------------------------- 2. interpolation

async function interpolate() {
  const [a, b] = state.interpPair;
  const r = await api("interpolate?a=" + a + "&b=" + b + "&steps=11");
  state.interp = r;
  $("interp-a").src = r.ends[0]; $("interp-b").src = r.ends[1];
  for (const m of ["ae", "vae"]) {
    $("interp-strip-" + m).innerHTML = r[m].images.map((src, i) => '<img src="' + src + '" title="' + m + ", t = " + (i / 10) + '">').join("");
  }
  showInterp();
}

function showInterp() {
  const r = state.interp, t = +$("interp-t").value;
  $("interp-t-value").textContent = (t / 10).toFixed(1);
  if (!r) return;
  for (const m of ["ae", "vae"]) {
    $("interp-" + m).src = r[m].images[t];
    [...$("interp-strip-" + m).children].forEach((img, i) => img.classList.toggle("current", i === t));
  }
  drawPlane("vae"); drawPlane("ae");
}

function setupInterpolation() {
  let picks = [0, 1];
  state.interpPair = picks.slice();
  const marks = (box) => box.querySelectorAll("img").forEach((img) => {
    img.classList.toggle("sel-a", +img.dataset.index === picks[0]);
    img.classList.toggle("sel-b", +img.dataset.index === picks[1]);
  });
  let next = 0;
  picker("interp-picker", (i, img, box) => {
    picks[next] = i; next = 1 - next; marks(box);
    state.interpPair = picks.slice();
    interpolate().catch(showError);
  }, marks);
  $("interp-t").oninput = showInterp;
}

// ---------------------------------------------------------------- 3. CVAE

const cvae = { label: 0, z: [0, 0] };
const cvaeVariant = () => document.querySelector("input[name=cvae-variant]:checked").value;
const cvaeDecodeLatest = latest(async () => {
  const r = await api("cvae/decode?variant=" + cvaeVariant() + "&label=" + cvae.label + "&z1=" + cvae.z[0] + "&z2=" + cvae.z[1]);
  $("cvae-image").src = r.image;
});
function cvaeDecode() { drawPad(); cvaeDecodeLatest(0); }

function buildClasses() {
  $("cvae-classes").innerHTML = "";
  state.classes.forEach((c, i) => {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = c; b.dataset.label = i;
    b.className = i === cvae.label ? "on" : "";
    b.onclick = () => {
      cvae.label = i;
      [...$("cvae-classes").children].forEach((x) => x.classList.toggle("on", +x.dataset.label === i));
      cvaeDecode(); cvaeSamples();
    };
    $("cvae-classes").appendChild(b);
  });
}

const REACH = 4;
function drawPad() {
  const c = $("cvae-pad"), g = c.getContext("2d");
  g.clearRect(0, 0, c.width, c.height);
  g.strokeStyle = "#eee";
  for (let r = 1; r <= 3; r++) { g.beginPath(); g.arc(c.width / 2, c.height / 2, r / REACH * c.width / 2, 0, 7); g.stroke(); }
  g.strokeStyle = "#ccc"; g.beginPath(); g.moveTo(c.width / 2, 0); g.lineTo(c.width / 2, c.height); g.moveTo(0, c.height / 2); g.lineTo(c.width, c.height / 2); g.stroke();
  const x = (cvae.z[0] / REACH + 1) / 2 * c.width, y = (1 - cvae.z[1] / REACH) / 2 * c.height;
  g.fillStyle = TAB10[cvae.label % 10]; g.beginPath(); g.arc(x, y, 6, 0, 7); g.fill();
  g.fillStyle = "#444"; g.font = "10px sans-serif"; g.fillText("z - mu_y in [-4, 4]², circles at 1, 2, 3 sd", 4, c.height - 4);
}

function setupCvae() {
  const pad = $("cvae-pad");
  let dragging = false;
  const move = (e) => {
    const rect = pad.getBoundingClientRect();
    const u = Math.min(Math.max((e.clientX - rect.left) / rect.width, 0), 1), v = Math.min(Math.max((e.clientY - rect.top) / rect.height, 0), 1);
    cvae.z = [(2 * u - 1) * REACH, (1 - 2 * v) * REACH];
    cvaeDecode();
  };
  pad.addEventListener("pointerdown", (e) => { dragging = true; pad.setPointerCapture(e.pointerId); move(e); });
  pad.addEventListener("pointermove", (e) => { if (dragging) move(e); });
  pad.addEventListener("pointerup", () => { dragging = false; });
  document.querySelectorAll("input[name=cvae-variant]").forEach((r) => { r.onchange = () => { cvaeDecode(); cvaeSamples(); }; });
  $("cvae-sample").onclick = () => { cvae.seed = (cvae.seed || 0) + 1; cvaeSamples(); };
  drawPad();
}

async function cvaeSamples() {
  try {
    const r = await api("cvae/samples?variant=" + cvaeVariant() + "&label=" + cvae.label + "&n=8&seed=" + (cvae.seed || 0));
    $("cvae-samples").innerHTML = r.images.map((src) => '<img src="' + src + '">').join("");
  } catch (e) { $("cvae-samples").textContent = e.message; }
}

// ---------------------------------------------------------------- 4. denoising

const dn = { index: 0, seed: 0 };
const denoiseLatest = latest(async () => {
  const r = await api("denoise?index=" + dn.index + "&noise=" + $("noise").value + "&level=" + $("level").value + "&seed=" + dn.seed);
  for (const k of ["clean", "corrupted", "dae", "ae"]) $("dn-" + k).src = r[k];
  for (const k of ["corrupted", "dae", "ae"]) $("mse-" + k).textContent = "(" + r.mse[k].toFixed(4) + ")";
  $("denoise-source").textContent = "models: " + r.source;
});
function denoise() { $("level-value").textContent = $("level").value; denoiseLatest(0); }

function setupDenoise() {
  picker("denoise-picker", (i, img, box) => {
    dn.index = i;
    box.querySelectorAll("img").forEach((x) => x.classList.toggle("sel", x === img));
    denoise();
  });
  $("noise").onchange = denoise;
  $("level").oninput = denoise;
  $("denoise-redraw").onclick = () => { dn.seed++; denoise(); };
}

// ---------------------------------------------------------------- 5. VQ-VAE code map

const vq = { codes: null, original: null, selected: -1, k: 0 };

function drawCodeMap(box, codes, opts) {
  box.innerHTML = "";
  for (let i = 0; i < 49; i++) {
    const cell = document.createElement("div");
    cell.className = "cell";
    cell.dataset.cell = i;
    const known = codes[i] !== null && codes[i] !== undefined;
    if (known) { cell.style.background = codeColour(codes[i]); cell.textContent = codes[i]; } else { cell.classList.add("empty"); cell.textContent = "·"; }
    if (opts && opts.selected === i) cell.classList.add("sel");
    if (opts && opts.now === i) cell.classList.add("now");
    if (opts && opts.onclick) cell.onclick = () => opts.onclick(i);
    box.appendChild(cell);
  }
}

function drawVqMap() {
  drawCodeMap($("vq-map"), vq.codes, { selected: vq.selected, onclick: (i) => {
    vq.selected = i;
    $("vq-selected").textContent = "cell " + i + " (row " + Math.floor(i / 7) + ", column " + (i % 7) + ") holds code " + vq.codes[i];
    $("vq-code").value = vq.codes[i];
    drawVqMap();
  } });
}

const vqDecode = latest(async () => {
  const r = await api("vq/decode?codes=" + vq.codes.join(","));
  $("vq-decoded").src = r.image;
});

function setCode(k) {
  if (vq.selected < 0 || !vq.codes) return;
  vq.codes[vq.selected] = k;
  $("vq-code").value = k;
  $("vq-selected").textContent = "cell " + vq.selected + " now holds code " + k;
  drawVqMap();
  vqDecode(0);
}

async function loadVq(index) {
  try {
    const r = await api("vq/image?index=" + index);
    state.vqIndex = index;
    vq.codes = r.codes.slice(); vq.original = r.codes.slice(); vq.k = r.k;
    $("vq-code").max = r.k - 1;
    $("vq-image").src = r.image; $("vq-decoded").src = r.decoded;
    drawVqMap();
    const max = Math.max(...r.usage);
    $("vq-usage").innerHTML = r.usage.map((n, k) => '<div class="bar" data-code="' + k + '" title="code ' + k + ": " + n
      + ' uses" style="height:' + (n === 0 ? 1 : Math.max(2, Math.round(88 * n / max))) + "px;background:" + codeColour(k) + '"></div>').join("");
    $("vq-usage").querySelectorAll(".bar").forEach((b) => { b.onclick = () => setCode(+b.dataset.code); });
  } catch (e) { $("vq-selected").textContent = e.message; }
}

function setupVq() {
  picker("vq-picker", (i, img, box) => {
    box.querySelectorAll("img").forEach((x) => x.classList.toggle("sel", x === img));
    vq.selected = -1;
    loadVq(i);
  });
  $("vq-code").onchange = () => {
    const k = Math.round(+$("vq-code").value);
    if (k >= 0 && k < vq.k) setCode(k);
  };
  $("vq-reset").onclick = () => { if (vq.original) { vq.codes = vq.original.slice(); drawVqMap(); vqDecode(0); } };
}

// ---------------------------------------------------------------- 6. PixelCNN, step by step

const px = { steps: [], shown: 0, wanted: 0, timer: null, abort: null, k: 0, done: false };

async function pxFetch() {
  if (px.abort) px.abort.abort();
  pxPause();
  px.abort = new AbortController();
  px.steps = []; px.shown = 0; px.wanted = 0; px.done = false;
  pxDraw();
  const r = await fetch("/api/pixelcnn/sample?seed=" + $("px-seed").value + "&temperature=" + $("px-temperature").value, { signal: px.abort.signal });
  if (!r.ok) { const b = await r.json(); throw new Error(b.error); }
  const reader = r.body.getReader(), decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      if (line.k !== undefined) px.k = line.k;
      else if (line.position !== undefined) {
        px.steps.push(line);
        // a step asked for before it had arrived is shown as it comes
        if (!px.timer && px.shown < px.wanted && px.shown < px.steps.length) { px.shown++; pxDraw(); }
      }
      else if (line.done) px.done = true;
    }
  }
}

function pxDraw() {
  const codes = new Array(49).fill(null);
  for (let i = 0; i < px.shown; i++) codes[px.steps[i].position] = px.steps[i].code;
  const cur = px.shown > 0 ? px.steps[px.shown - 1] : null;
  drawCodeMap($("px-map"), codes, { now: cur ? cur.position : -1 });
  if (cur) $("px-image").src = cur.image; else $("px-image").removeAttribute("src");
  const c = $("px-dist"), g = c.getContext("2d");
  g.clearRect(0, 0, c.width, c.height);
  if (!cur) { $("px-dist-caption").textContent = "p(k | codes before): press Play or Step"; return; }
  const p = cur.probs, w = c.width / p.length, top = Math.max(...p);
  p.forEach((v, k) => {
    g.fillStyle = k === cur.code ? "#000" : codeColour(k);
    const h = v / top * (c.height - 14);
    g.fillRect(k * w, c.height - h, Math.max(1, w - 0.5), h);
  });
  $("px-dist-caption").textContent = "step " + (cur.position + 1) + " of 49: p(k | the " + cur.position + " codes before), drew code "
    + cur.code + " (p = " + p[cur.code].toFixed(3) + "); the tallest bar has p = " + top.toFixed(3);
}

function pxStep() {
  px.wanted = Math.max(px.wanted, px.shown + 1);
  if (px.shown < px.steps.length) { px.shown++; pxDraw(); return true; }
  return !px.done; // still coming
}
function pxPause() { if (px.timer) { clearInterval(px.timer); px.timer = null; $("px-play").textContent = "Play"; } }
function pxPlay() {
  if (px.timer) { pxPause(); return; }
  if (px.done && px.shown >= px.steps.length) { px.shown = 0; }
  $("px-play").textContent = "Pause";
  px.timer = setInterval(() => { if (!pxStep()) pxPause(); }, 150);
}

function setupPixelCnn() {
  const start = () => pxFetch().catch((e) => { if (e.name !== "AbortError") $("px-dist-caption").textContent = e.message; });
  $("px-play").onclick = () => { if (px.steps.length === 0 && !px.abort) start(); pxPlay(); };
  $("px-step").onclick = () => { if (px.steps.length === 0 && !px.abort) start(); pxStep(); };
  $("px-new").onclick = () => { $("px-seed").value = +$("px-seed").value + 1; start(); pxPlay(); };
  $("px-temperature").onchange = () => { start(); };
  pxDraw();
}

// ---------------------------------------------------------------- start

function init() {
  setupPlane("vae"); setupPlane("ae"); setupLatentControls();
  setupInterpolation(); setupCvae(); setupDenoise(); setupVq(); setupPixelCnn();
  pollStatus().then(() => {
    interpolate().catch(() => {});
    cvaeDecode(); cvaeSamples(); denoise(); loadVq(0);
  });
  pollLatent();
  setInterval(pollStatus, 1000);
  setInterval(pollLatent, 500);
}
init();
