import ts from 'typescript';

// Lookups within one source file that the hint scan follows: where a name is declared, what is
// assigned to it, which function a call names, what it returns and who calls it.

/** The identifier a chain of property reads and calls starts from (`a` of `a.b(c).d`). */
export function rootOf(expr: ts.Expression): ts.Identifier | undefined {
  let e: ts.Expression = expr;
  while (
    ts.isPropertyAccessExpression(e) ||
    ts.isElementAccessExpression(e) ||
    ts.isCallExpression(e) ||
    ts.isParenthesizedExpression(e) ||
    ts.isNonNullExpression(e)
  )
    e = e.expression;
  return ts.isIdentifier(e) ? e : undefined;
}

export type FunctionLike = ts.SignatureDeclaration & { body?: ts.Node };

export function declarationOf(id: ts.Identifier): ts.Node | undefined {
  // The nearest enclosing scope that declares the name: a parameter, or a variable of a block.
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n))
      for (const p of n.parameters)
        if (ts.isIdentifier(p.name) && p.name.text === id.text) return p;
    if (ts.isBlock(n) || ts.isSourceFile(n))
      for (const statement of n.statements)
        if (ts.isVariableStatement(statement))
          for (const d of statement.declarationList.declarations)
            if (ts.isIdentifier(d.name) && d.name.text === id.text) return d;
  }
  return undefined;
}

export function assignmentsTo(source: ts.SourceFile, name: string): ts.Expression[] {
  const found: ts.Expression[] = [];
  const look = (n: ts.Node): void => {
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(n.left) &&
      n.left.text === name
    )
      found.push(n.right);
    ts.forEachChild(n, look);
  };
  look(source);
  return found;
}

export function functionNamed(source: ts.SourceFile, name: string): FunctionLike | undefined {
  let found: FunctionLike | undefined;
  const look = (n: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionDeclaration(n) && n.name?.text === name) found = n;
    else if (
      ts.isVariableDeclaration(n) &&
      ts.isIdentifier(n.name) &&
      n.name.text === name &&
      n.initializer &&
      (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))
    )
      found = n.initializer;
    else ts.forEachChild(n, look);
  };
  look(source);
  return found;
}

export function returnsOf(fn: FunctionLike): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body as ts.Expression];
  const found: ts.Expression[] = [];
  const look = (n: ts.Node): void => {
    if (ts.isReturnStatement(n) && n.expression) found.push(n.expression);
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, look);
  };
  ts.forEachChild(fn.body, look);
  return found;
}

export function callsOf(source: ts.SourceFile, fn: ts.SignatureDeclaration): ts.CallExpression[] {
  const name =
    fn.name && ts.isIdentifier(fn.name)
      ? fn.name.text
      : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
        ? fn.parent.name.text
        : undefined;
  if (!name) return [];
  const found: ts.CallExpression[] = [];
  const look = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name)
      found.push(n);
    ts.forEachChild(n, look);
  };
  look(source);
  return found;
}
