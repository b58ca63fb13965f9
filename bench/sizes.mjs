// Sizes (issue 6): the .wasm (raw and gzip -9), the content script, the unpacked extension and the two
// store zips, from dist/ (run after `make build`). Prints JSON.
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const size = (p) => statSync(join(dist, p)).size;
const dirSize = (d) => readdirSync(d, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(join(d, e.name)) : statSync(join(d, e.name)).size), 0);
const gz = (p) => gzipSync(readFileSync(join(dist, p)), { level: 9 }).length;

const out = {
  wasm_bytes: size('extension/pkg/clausemark_bg.wasm'),
  wasm_gzip_bytes: gz('extension/pkg/clausemark_bg.wasm'),
  wasm_glue_js_bytes: size('extension/pkg/clausemark.js'),
  content_script_bytes: size('extension/content.js'),
  content_script_gzip_bytes: gz('extension/content.js'),
  extension_unpacked_bytes: dirSize(join(dist, 'extension')),
  chrome_zip_bytes: size('clausemark-chrome.zip'),
  firefox_zip_bytes: size('clausemark-firefox.zip'),
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
