// Turns Kubernetes' own OpenAPI v3 documents (api/openapi-spec/v3/ of the k8s.io/kubernetes Go
// module) into one standalone JSON Schema per kind, where kubeconform finds them:
//   node ops/k8s-schemas.js <openapi-spec/v3 dir> <output dir> [CRD dir...]
// writes <kind>-<group>-<version>.json (the core group is named v1), each schema carrying every
// definition of its document so $refs resolve in place. Strict, as kubeconform's -strict schemas:
// an object with declared properties gets additionalProperties: false, so a misspelled or
// misplaced field fails validation instead of being ignored by the API server. Each CRD
// directory (YAML CustomResourceDefinitions, e.g. prometheus-operator's) adds its kinds the same way.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseAllDocuments } = require('yaml');

function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, strict(value)]));
  const open = out['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties && out.additionalProperties === undefined && !open) out.additionalProperties = false;
  return out;
}

/** Every served version of every CustomResourceDefinition in `crdDir`, written as above. */
function writeCrds(crdDir, outDir) {
  let written = 0;
  for (const file of fs.readdirSync(crdDir).filter((name) => /\.ya?ml$/.test(name))) {
    for (const document of parseAllDocuments(fs.readFileSync(path.join(crdDir, file), 'utf8'))) {
      const crd = document.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions.filter((v) => v.served && v.schema)) {
        const target = `${crd.spec.names.kind.toLowerCase()}-${crd.spec.group}-${version.name}.json`;
        fs.writeFileSync(path.join(outDir, target), JSON.stringify(strict(version.schema.openAPIV3Schema)));
        written += 1;
      }
    }
  }
  if (written === 0) throw new Error(`no CustomResourceDefinitions found under ${crdDir}`);
  return written;
}

function main([specDir, outDir, ...crdDirs]) {
  if (!specDir || !outDir)
    throw new Error('usage: node ops/k8s-schemas.js <openapi-spec/v3 dir> <output dir>');
  fs.mkdirSync(outDir, { recursive: true });
  let written = 0;
  for (const file of fs.readdirSync(specDir).filter((name) => name.endsWith('_openapi.json'))) {
    const document = JSON.parse(fs.readFileSync(path.join(specDir, file), 'utf8'));
    const schemas = strict(document.components?.schemas ?? {});
    for (const [name, schema] of Object.entries(schemas)) {
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
        // Only the document that serves this group and version: its definitions are the ones in force.
        const served =
          gvk.group === ''
            ? `api__${gvk.version}_openapi.json`
            : `apis__${gvk.group}__${gvk.version}_openapi.json`;
        if (file !== served) continue;
        const target = `${gvk.kind.toLowerCase()}-${gvk.group || gvk.version}-${gvk.version}.json`;
        const standalone = { ...schema, $id: `k8s:${name}`, components: { schemas } };
        fs.writeFileSync(path.join(outDir, target), JSON.stringify(standalone));
        written += 1;
      }
    }
  }
  if (written === 0) throw new Error(`no kinds found under ${specDir}`);
  for (const crdDir of crdDirs) written += writeCrds(crdDir, outDir);
  process.stdout.write(`${written} schemas written to ${outDir}\n`);
}

main(process.argv.slice(2));
