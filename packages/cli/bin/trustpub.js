#!/usr/bin/env node
// Committed launcher: npm links it at install time, before the first build. The program is bundle/bin.js,
// built from dist/bin.js by scripts/bundle.mjs (one file and a few chunks load faster than dist/'s modules).
import '../bundle/bin.js';
