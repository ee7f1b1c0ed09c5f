import { join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** What {@link findUnexportedTypes} found about one package entry. */
export interface PublicTypesReport {
  /**
   * Our own types that a public signature reaches without the entry exporting them, as `entry: exported → … → Type (file)`: a user can see them in their editor
   * but cannot name them in their own code.
   */
  readonly unexported: string[];
  /** Every package whose types a public signature reaches, with the first path that reaches it. */
  readonly packages: Map<string, string>;
}

/**
 * Walks the public surface of package entries the way a user's compiler sees it: from their
 * declaration files (`dist/index.d.ts`: the suite's global set-up builds `dist/` from `src/` first).
 * From each export it follows every type a declaration names (member types, parameters, results,
 * `extends`, type arguments, `typeof`), through our own types and into theirs, and reports our
 * types the entry does not export, and the packages reached. Declarations under `ownDir` are ours.
 */
export function findUnexportedTypes(ownDir: string, entries: readonly string[]): Map<string, PublicTypesReport> {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    types: ["node"],
    skipLibCheck: true,
    noEmit: true,
  };
  const program = ts.createProgram(
    entries.map((entry) => join(ownDir, entry)),
    options,
  );
  const checker = program.getTypeChecker();
  const reports = new Map<string, PublicTypesReport>();
  for (const entry of entries) {
    const source = program.getSourceFile(join(ownDir, entry));
    const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`${join(ownDir, entry)}: no such declaration file`);
    reports.set(entry, walkEntry(checker, moduleSymbol, { ownDir: resolve(ownDir), entry }));
  }
  return reports;
}

/** Follows every type the entry's exports name, breadth first, so each report names the shortest path. */
function walkEntry(
  checker: ts.TypeChecker,
  moduleSymbol: ts.Symbol,
  where: { ownDir: string; entry: string },
): PublicTypesReport {
  const exported = new Set(checker.getExportsOfModule(moduleSymbol).map((symbol) => target(checker, symbol)));
  const unexported: string[] = [];
  const packages = new Map<string, string>();
  const queue = [...exported].map((symbol) => ({ symbol, path: [symbol.name] }));
  const seen = new Set<ts.Symbol>(exported);
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const named of namedSymbols(checker, next.symbol)) {
      const path = [...next.path, named.name];
      const file = named.declarations?.[0]?.getSourceFile().fileName ?? "";
      const pkg = packageOf(file);
      if (pkg !== undefined) {
        if (!packages.has(pkg)) packages.set(pkg, path.join(" → "));
        continue;
      }
      if (!resolve(file).startsWith(where.ownDir + sep)) continue; // TypeScript's own lib
      // A value named by `typeof` (the constant a union of codes is read from) is how a type is
      // spelled, not a type a user needs to name: it is followed, not required.
      const isType = (named.flags & ts.SymbolFlags.Type) !== 0;
      if (isType && !exported.has(named) && !seen.has(named)) {
        const declaredIn = relative(where.ownDir, file).split(sep).join("/");
        unexported.push(`${where.entry}: ${path.join(" → ")} (${declaredIn})`);
      }
      if (seen.has(named)) continue;
      seen.add(named);
      queue.push({ symbol: named, path });
    }
  }
  return { unexported, packages };
}

/** The symbols a symbol's declarations name in type positions, skipping private members. */
function namedSymbols(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol[] {
  const found: ts.Symbol[] = [];
  const add = (node: ts.Node | undefined): void => {
    const named = node === undefined ? undefined : checker.getSymbolAtLocation(node);
    if (named === undefined) return;
    const resolved = target(checker, named);
    if (resolved.flags & ts.SymbolFlags.TypeParameter) return;
    found.push(resolved);
  };
  const visit = (node: ts.Node): void => {
    if (isPrivateMember(node)) return;
    if (ts.isTypeReferenceNode(node)) add(rightmost(node.typeName));
    else if (ts.isExpressionWithTypeArguments(node)) add(node.expression);
    else if (ts.isTypeQueryNode(node)) add(rightmost(node.exprName));
    else if (ts.isImportTypeNode(node) && node.qualifier !== undefined) add(rightmost(node.qualifier));
    ts.forEachChild(node, visit);
  };
  for (const declaration of symbol.declarations ?? []) {
    // An export's own name is not a use of it; its members, parameters and types are.
    if (ts.isSourceFile(declaration) || ts.isModuleDeclaration(declaration)) continue;
    ts.forEachChild(declaration, visit);
  }
  return found;
}

function target(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function rightmost(name: ts.EntityName): ts.Identifier {
  return ts.isIdentifier(name) ? name : name.right;
}

function isPrivateMember(node: ts.Node): boolean {
  if (!ts.isClassElement(node)) return false;
  if (node.name !== undefined && ts.isPrivateIdentifier(node.name)) return true;
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.PrivateKeyword) === true;
}

/** The npm package a declaration file belongs to (`@types/x` counts as `x`); undefined for ours and TypeScript's lib. */
function packageOf(file: string): string | undefined {
  const at = file.lastIndexOf(`${sep}node_modules${sep}`);
  if (at === -1) return undefined;
  const parts = file.slice(at + `${sep}node_modules${sep}`.length).split(sep);
  const name = parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : (parts[0] ?? "");
  if (name === "typescript") return undefined;
  return name.startsWith("@types/") ? name.slice("@types/".length) : name;
}
