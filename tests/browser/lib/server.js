'use strict';
// A tiny static HTTP server for the browser tests, bound to 127.0.0.1 on an ephemeral port.
//   /scorm-again/<file>  -> node_modules/scorm-again/dist/<file>
//   /host/<file>         -> tests/browser/host/<file>   (the test LMS page)
//   /pkg/<name>/<file>   -> <packagesDir>/<name>/<file> (unpacked course packages)
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.svg': 'image/svg+xml', '.mp4': 'video/mp4', '.webm': 'video/webm', '.mp3': 'audio/mpeg', '.m4a': 'audio/mp4', '.xml': 'application/xml',
  '.xsd': 'application/xml', '.txt': 'text/plain; charset=utf-8'
};

function start(packagesDir) {
  const roots = {
    'scorm-again': path.join(__dirname, '..', 'node_modules', 'scorm-again', 'dist'),
    host: path.join(__dirname, '..', 'host'),
    pkg: packagesDir
  };
  const server = http.createServer((req, res) => {
    let url;
    try { url = new URL(req.url, 'http://127.0.0.1'); } catch { res.writeHead(400).end(); return; }
    const parts = decodeURIComponent(url.pathname).split('/').filter(Boolean);
    const root = roots[parts.shift()];
    const file = root && path.resolve(root, ...parts);
    if (!file || !file.startsWith(path.resolve(root) + path.sep)) { res.writeHead(404).end('not found'); return; }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

module.exports = { start };
