// Imported first by main.ts, so it runs before any schema is built (ES modules evaluate in import order):
// the strict CSP forbids eval, and without jitless zod probes `new Function` and the webview reports a CSP violation.
import * as z from "zod";

z.config({ jitless: true });
