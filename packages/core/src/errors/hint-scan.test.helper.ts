import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import {
  assignmentsTo,
  callsOf,
  declarationOf,
  functionNamed,
  returnsOf,
  rootOf,
} from './source-lookup.test.helper.js';

/** A hint whose text does not come from FIXES: where, for which code (when it can be told), and what. */
export interface HintProblem {
  code: string;
  where: string;
  text: string;
}

/**
 * Every hint a source file gives (a `hint:` property, `{ hint }`, a `hint` variable or parameter) must
 * come from FIXES (`FIXES.X`, `FIXES.X(...)`, `FIXES.X.v(...)`) or pass on another error's hint
 * (`error.hint`). Case data may be appended (`${FIXES.X}\n${list}`), but no literal with words: that
 * would be advice written outside the fix module. Identifiers are followed to their declaration in the
 * same file; a parameter to the arguments the file's own calls pass for it.
 */
export function scanHints(file: string, text: string): HintProblem[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const problems: HintProblem[] = [];
  const report = (node: ts.Node, why: string, sink: ts.Node): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    problems.push({
      code: codeAt(sink) ?? codeAt(node) ?? 'UNKNOWN',
      where: `${file}:${line + 1}`,
      text: `${why}: ${node.getText().slice(0, 120)}`,
    });
  };

  // Returns whether `expr` draws on a fix. Modes: 'hint' is the hint itself (and the branches and parts
  // it is joined from): literals with words are reported, and each branch must draw on a fix. 'text' is
  // literal text put into a hint (`${cond ? 'Also do X. ' : ''}`): words are reported, nothing else.
  // 'data' is a value formatted into it (a list, a name, a call's arguments): only whether it draws on
  // a fix counts, so lists and names may be formatted freely.
  const check = (expr: ts.Expression, sink: ts.Node, mode: Mode, seen: Set<ts.Node>): boolean => {
    if (seen.has(expr)) return true;
    seen.add(expr);
    if (
      ts.isParenthesizedExpression(expr) ||
      ts.isAsExpression(expr) ||
      ts.isNonNullExpression(expr) ||
      ts.isSatisfiesExpression(expr)
    )
      return check(expr.expression, sink, mode, seen);
    if (rootedAtFixes(expr)) return true;
    if (ts.isPropertyAccessExpression(expr) && expr.name.text === 'hint') return true;
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
      if (mode !== 'data' && WORDS.test(expr.text)) report(expr, 'literal advice', sink);
      return false;
    }
    if (ts.isTemplateExpression(expr)) {
      const literals = [expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)];
      if (mode !== 'data' && literals.some((l) => WORDS.test(l)))
        report(expr, 'literal advice', sink);
      let sourced = false;
      for (const span of expr.templateSpans) {
        // Literal text put straight into the hint is text all the same.
        const inner = mode !== 'data' && literalTree(span.expression) ? 'text' : 'data';
        sourced = check(span.expression, sink, inner, seen) || sourced;
      }
      return sourced;
    }
    if (ts.isConditionalExpression(expr)) {
      const a = check(expr.whenTrue, sink, mode, seen);
      const b = check(expr.whenFalse, sink, mode, seen);
      if (mode === 'hint' && !a) report(expr.whenTrue, 'no fix', sink);
      if (mode === 'hint' && !b) report(expr.whenFalse, 'no fix', sink);
      return a || b;
    }
    if (ts.isBinaryExpression(expr)) {
      const left = check(expr.left, sink, mode, seen);
      return check(expr.right, sink, mode, seen) || left;
    }
    if (ts.isIdentifier(expr)) return followIdentifier(expr, sink, mode, seen);
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      // `fix.variant` where `const fix = FIXES.X`: the root decides.
      const root = rootOf(expr);
      return root !== undefined && followIdentifier(root, sink, 'data', seen);
    }
    if (ts.isCallExpression(expr)) {
      // `(a ? FIXES.X.one : FIXES.X.other)({ ... })`, `fix.variant({ ... })`
      if (!ts.isIdentifier(expr.expression) && check(expr.expression, sink, 'data', seen))
        return true;
      const local = ts.isIdentifier(expr.expression)
        ? functionNamed(source, expr.expression.text)
        : undefined;
      if (local) {
        const returned = returnsOf(local).map((r) => check(r, sink, mode, seen));
        return (
          returned.length > 0 &&
          (mode === 'hint' ? returned.every(Boolean) : returned.some(Boolean))
        );
      }
      // A call outside this file (redact, join) passes its arguments through as data.
      return expr.arguments.map((a) => check(a, sink, 'data', seen)).some(Boolean);
    }
    return false;
  };

  const followIdentifier = (
    id: ts.Identifier,
    sink: ts.Node,
    mode: Mode,
    seen: Set<ts.Node>,
  ): boolean => {
    const decl = declarationOf(id);
    let values: ts.Expression[] = [];
    if (decl && ts.isVariableDeclaration(decl))
      values = [...(decl.initializer ? [decl.initializer] : []), ...assignmentsTo(source, id.text)];
    else if (decl && ts.isParameter(decl)) {
      // A parameter is as good as what this file's calls pass for it; a function other files may call
      // must not take its hint from them (their arguments are not checked).
      if (mode === 'hint' && exported(decl.parent)) {
        report(id, 'hint taken from a parameter of an exported function', sink);
        return true;
      }
      const index = decl.parent.parameters.indexOf(decl);
      values = callsOf(source, decl.parent).flatMap((call) => {
        const arg = call.arguments[index];
        return arg ? [arg] : [];
      });
      if (decl.initializer) values.push(decl.initializer);
    }
    const sourced = values.map((v) => check(v, sink, mode, seen));
    return sourced.length > 0 && (mode === 'hint' ? sourced.every(Boolean) : sourced.some(Boolean));
  };

  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && propertyName(node.name) === 'hint') {
      if (!check(node.initializer, node, 'hint', new Set()))
        report(node.initializer, 'no fix', node);
    } else if (ts.isShorthandPropertyAssignment(node) && node.name.text === 'hint') {
      if (!check(node.name, node, 'hint', new Set())) report(node, 'no fix', node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

type Mode = 'hint' | 'text' | 'data';

function exported(fn: ts.SignatureDeclaration): boolean {
  const holder = ts.isVariableDeclaration(fn.parent) ? fn.parent.parent.parent : fn;
  return (
    ts.canHaveModifiers(holder) &&
    (ts.getModifiers(holder) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

const WORDS = /[A-Za-z]{2}/;

/** A literal, or a choice between literals (`cond ? 'a' : ''`). */
function literalTree(expr: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(expr)) return literalTree(expr.expression);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return true;
  if (ts.isTemplateExpression(expr)) return true;
  if (ts.isConditionalExpression(expr))
    return literalTree(expr.whenTrue) && literalTree(expr.whenFalse);
  if (ts.isBinaryExpression(expr)) return literalTree(expr.left) && literalTree(expr.right);
  return false;
}

function rootedAtFixes(expr: ts.Expression): boolean {
  let e: ts.Expression = expr;
  for (;;) {
    if (ts.isIdentifier(e)) return e.text === 'FIXES';
    if (
      ts.isPropertyAccessExpression(e) ||
      ts.isElementAccessExpression(e) ||
      ts.isCallExpression(e)
    )
      e = e.expression;
    else if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else return false;
  }
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** The code of the error or finding a node belongs to, when it is written as a literal. */
function codeAt(node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isNewExpression(n) && n.expression.getText() === 'TrustpubError') {
      const first = n.arguments?.[0];
      if (first && ts.isStringLiteral(first)) return first.text;
    }
    if (ts.isCallExpression(n)) {
      const named = n.arguments.find((a) => ts.isStringLiteral(a) && /^[A-Z][A-Z_]+$/.test(a.text));
      if (named) return (named as ts.StringLiteral).text;
    }
    // `code = 'X'; ... hint = ...` in one branch (a code chosen before the error is made).
    if (ts.isBlock(n))
      for (const st of n.statements)
        if (
          ts.isExpressionStatement(st) &&
          ts.isBinaryExpression(st.expression) &&
          ts.isIdentifier(st.expression.left) &&
          st.expression.left.text === 'code' &&
          ts.isStringLiteral(st.expression.right)
        )
          return st.expression.right.text;
    if (ts.isObjectLiteralExpression(n))
      for (const p of n.properties)
        if (
          ts.isPropertyAssignment(p) &&
          propertyName(p.name) === 'code' &&
          ts.isStringLiteral(p.initializer)
        )
          return p.initializer.text;
  }
  return undefined;
}

/** The sources that construct errors and findings: packages/<pkg>/src, without tests and the fix module. */
export async function hintSources(root: string): Promise<string[]> {
  const files: string[] = [];
  for (const pkg of ['core', 'cli', 'semantic-release', 'changesets']) {
    const dir = path.join(root, 'packages', pkg, 'src');
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
      if (/\.test(\.helper)?\.ts$/.test(entry.name)) continue;
      const full = path.join(entry.parentPath, entry.name);
      if (full.includes(`${path.sep}errors${path.sep}fixes${path.sep}`)) continue;
      if (full.includes(`${path.sep}errors${path.sep}catalogue${path.sep}`)) continue;
      files.push(full);
    }
  }
  return files.sort();
}

export async function scanHintSources(root: string): Promise<HintProblem[]> {
  const problems: HintProblem[] = [];
  for (const file of await hintSources(root))
    problems.push(...scanHints(path.relative(root, file), await readFile(file, 'utf8')));
  return problems;
}
