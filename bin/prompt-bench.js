#!/usr/bin/env node
"use strict";
// The CLI is bundled into dist/ by `npm run build` (run automatically by `npm ci` through `prepare`).
require("../dist/cli.js");
