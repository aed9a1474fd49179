// /api/docs: the control API's reference (Swagger UI over /api/openapi.json), served from swagger-ui-dist in
// node_modules so it works without internet. Only the files the page needs are served, by name from a fixed list.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from '@hono/zod-openapi';
import { createRouter } from '../context';
import { ApiError } from '../errors';
import { apiRoute } from '../route';
import { errorResponses } from '../schemas';

const ASSET_PATH = '/api/docs/assets';

// Sign-in state stays in the session cookie: nothing is kept in the browser's storage (persistAuthorization off), no
// validator badge is fetched from swagger.io, and a change tried from the page carries the console session's CSRF token.
const INITIALISER = `window.addEventListener('load', function () {
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\\s*)pe_csrf=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: false,
    validatorUrl: null,
    withCredentials: true,
    requestInterceptor: function (request) {
      var token = csrfToken();
      if (token && !/^(GET|HEAD|OPTIONS)$/i.test(request.method || 'GET')) request.headers['x-csrf-token'] = token;
      return request;
    },
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Practice Engine control API</title>
  <link rel="icon" type="image/png" href="${ASSET_PATH}/favicon-32x32.png">
  <link rel="stylesheet" href="${ASSET_PATH}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${ASSET_PATH}/swagger-ui-bundle.js"></script>
  <script src="${ASSET_PATH}/docs-init.js"></script>
</body>
</html>
`;

/** Swagger UI sets inline styles and data: images; everything else comes from this origin. */
const PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const JS = 'text/javascript; charset=utf-8';
/** The files the page loads: swagger-ui-dist's, read from node_modules, and our initialiser. */
const ASSETS: Record<string, { type: string; load: () => Promise<Buffer | string> }> = {
  'swagger-ui.css': { type: 'text/css; charset=utf-8', load: () => fromDist('swagger-ui.css') },
  'swagger-ui-bundle.js': { type: JS, load: () => fromDist('swagger-ui-bundle.js') },
  'favicon-32x32.png': { type: 'image/png', load: () => fromDist('favicon-32x32.png') },
  'favicon-16x16.png': { type: 'image/png', load: () => fromDist('favicon-16x16.png') },
  'docs-init.js': { type: JS, load: () => Promise.resolve(INITIALISER) },
};

let distDir: string | undefined;
function fromDist(name: string): Promise<Buffer> {
  distDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return readFile(join(distDir, name));
}

/** Each file read once, then served from memory (a few megabytes in all). */
const loaded = new Map<string, Promise<Buffer | string>>();
function asset(name: string): Promise<Buffer | string> {
  let content = loaded.get(name);
  if (!content) {
    content = ASSETS[name]!.load();
    content.catch(() => loaded.delete(name));
    loaded.set(name, content);
  }
  return content;
}

const AssetParam = z.object({
  file: z
    .string()
    .max(100, 'expected a file name')
    .openapi({ param: { name: 'file', in: 'path' }, example: 'swagger-ui-bundle.js', description: `One of ${Object.keys(ASSETS).join(', ')}` }),
});

export const docsRouter = createRouter()
  .openapi(
    apiRoute('public', {
      method: 'get',
      path: '/',
      tags: ['Docs'],
      summary: 'The API reference (Swagger UI), served without internet',
      responses: { 200: { description: 'The reference page', content: { 'text/html': { schema: z.string() } } } },
    }),
    (c) => {
      c.header('Content-Security-Policy', PAGE_POLICY);
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Cache-Control', 'no-cache');
      return c.html(PAGE, 200);
    },
  )
  .openapi(
    apiRoute('public', {
      method: 'get',
      path: '/assets/{file}',
      tags: ['Docs'],
      summary: "A file of the reference page (Swagger UI's script, style sheet, icons)",
      request: { params: AssetParam },
      responses: {
        200: { description: 'The file', content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() }, 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { file } = c.req.valid('param');
      const entry = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
      if (!entry) throw new ApiError(404, 'NOT_FOUND', `No file ${file} on the reference page`, [{ field: 'file', rule: `expected one of ${Object.keys(ASSETS).join(', ')}` }]);
      const content = await asset(file);
      c.header('Content-Type', entry.type);
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(typeof content === 'string' ? content : new Uint8Array(content), 200);
    },
  );
