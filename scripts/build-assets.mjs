// Builds portal/static/dist (git-ignored): our stylesheet compiled from GOV.UK Frontend's and the Ministry of Justice
// Frontend's Sass with our settings, their JavaScript, and our own scripts and images. Run with `npm run build`.
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "portal", "static");
const out = join(src, "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const moj = join(root, "node_modules", "@ministryofjustice", "frontend", "moj");

const brand = process.env.BRAND_COLOUR || "#0b3b7a";
if (!/^#[0-9a-fA-F]{6}$/.test(brand)) {
  throw new Error(`BRAND_COLOUR must be a hex colour like #0b3b7a, got ${brand}`);
}

mkdirSync(join(out, "images"), { recursive: true });
writeFileSync(join(src, "scss", "_settings.scss"), `// Written by scripts/build-assets.mjs from BRAND_COLOUR.\n$brand-colour: ${brand};\n`);

const result = sass.compile(join(src, "scss", "portal.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  // The Ministry of Justice Frontend's Sass loads GOV.UK Frontend as "node_modules/govuk-frontend/...".
  loadPaths: [root],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
if (/GDS Transport/.test(result.css)) {
  throw new Error("The compiled stylesheet mentions GDS Transport: it must use our own font stack.");
}
writeFileSync(join(out, "portal.css"), result.css);

copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// One ES module with everything the MoJ components' scripts need (GOV.UK Frontend's helpers included).
copyFileSync(join(moj, "moj-frontend.min.js"), join(out, "moj-frontend.min.js"));
cpSync(join(src, "js"), out, { recursive: true });
cpSync(join(src, "images"), join(out, "images"), { recursive: true });
console.log(`built ${out} (brand ${brand}, ${result.css.length} bytes of CSS)`);
