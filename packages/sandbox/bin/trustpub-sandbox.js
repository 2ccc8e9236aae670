#!/usr/bin/env node
// Committed launcher: npm links it at install time, before the first build; the program is dist/bin.js.
import '../dist/bin.js';
