// Assembles the built WASM (pkg/) and the sources into dist/: the unpacked extension, its two store
// zips, and the www/ demo with its bundled policies. Plain file copies: no bundler.
import { cpSync, rmSync, mkdirSync, readFileSync, writeFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipDir } from './zip.mjs';
import { bundle } from './bundle-content.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const shared = process.env.CLAUSEMARK_SHARED || join(root, '..', 'shared');
const say = (m) => console.log(`\x1b[1m[build]\x1b[0m ${m}`);
const pkgFiles = ['clausemark.js', 'clausemark_bg.wasm', 'clausemark.d.ts'];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// 1. dist/extension: the unpacked extension, loadable in Chromium and Firefox alike.
const ext = join(dist, 'extension');
cpSync(join(root, 'extension'), ext, { recursive: true });
mkdirSync(join(ext, 'pkg'));
for (const f of pkgFiles) cpSync(join(root, 'pkg', f), join(ext, 'pkg', f));
// The content script is one classic script (content scripts cannot be modules without making the
// modules web-accessible); its ES-module sources stay alongside for the www demo and the tests.
if (existsSync(join(root, 'extension', 'content', 'main.js'))) {
  writeFileSync(join(ext, 'content.js'), bundle(join(root, 'extension', 'content', 'main.js')));
}
say(`dist/extension (${dirSize(ext)} bytes)`);

// 2. Store zips. One manifest serves both browsers unpacked; each store gets only its own keys.
const manifest = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));
const chromeManifest = structuredClone(manifest);
delete chromeManifest.browser_specific_settings;
if (chromeManifest.background) delete chromeManifest.background.scripts;
const firefoxManifest = structuredClone(manifest);
if (firefoxManifest.background) delete firefoxManifest.background.service_worker;
for (const [name, m] of [['chrome', chromeManifest], ['firefox', firefoxManifest]]) {
  const out = join(dist, `clausemark-${name}.zip`);
  zipDir(ext, out, (rel, bytes) => (rel === 'manifest.json' ? Buffer.from(JSON.stringify(m, null, 2)) : bytes));
  say(`dist/clausemark-${name}.zip (${statSync(out).size} bytes)`);
}

// 3. dist/www: the demo, the same WASM and the extension's shared modules, and bundled policies.
const www = join(dist, 'www');
cpSync(join(root, 'www'), www, { recursive: true });
mkdirSync(join(www, 'pkg'));
for (const f of pkgFiles) cpSync(join(root, 'pkg', f), join(www, 'pkg', f));
for (const sub of ['shared', 'content']) {
  if (existsSync(join(root, 'extension', sub))) cpSync(join(root, 'extension', sub), join(www, 'extension', sub), { recursive: true });
}
const policiesDir = join(shared, 'data', 'policies');
const bundled = [];
if (existsSync(policiesDir)) {
  mkdirSync(join(www, 'policies'));
  for (const f of readdirSync(policiesDir).filter((f) => f.endsWith('.md')).sort()) {
    cpSync(join(policiesDir, f), join(www, 'policies', f));
    bundled.push({ name: f.replace(/\.md$/, ''), file: `policies/${f}` });
  }
}
writeFileSync(join(www, 'policies.json'), JSON.stringify({
  default: 'TikTok',
  attribution: 'Policy texts: Open Terms Archive / Platform Governance Archive (ZeMKI, University of Bremen), ODC-By 1.0',
  policies: bundled,
}, null, 2));
say(`dist/www (${bundled.length} bundled policies)`);

function dirSize(d) {
  let n = 0;
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    const s = statSync(p);
    n += s.isDirectory() ? dirSize(p) : s.size;
  }
  return n;
}
