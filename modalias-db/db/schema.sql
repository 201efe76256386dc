-- The hwneeds index: one SQLite file per kernel source tree and arch.
-- Written by `hwneeds index`, read by every other command. The schema version is
-- PRAGMA user_version (see schema.h: kSchemaVersion); a reader refuses any other version.
--
-- Conditions (column `cond`) are formulas over Kconfig symbols in the text form of
-- common/condition.h: "X" (X=y or m), "X=y", "X=m", "MODULE", !, &&, ||, "1" for always.
-- They are interned in `conds`; id 1 is always "1".

-- Facts about the index itself: kernel_version ("6.1.192"), arch ("x86_64"), srcarch ("x86"),
-- source_root (absolute path at index time), generator ("hwneeds 0.1.0"), created_at (UTC, ISO 8601).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE conds (
    id   INTEGER PRIMARY KEY,
    expr TEXT NOT NULL UNIQUE
);

-- Every target the tree's Kbuild files can build for the arch: modules, and objects that can
-- only be built in (modular = 0). name has '-' replaced by '_' (as kmod and modules.alias do);
-- path is the object path relative to the tree without extension
-- ("drivers/net/ethernet/intel/e1000e/e1000e"); symbol is the Kconfig symbol on the module's own
-- obj-$(CONFIG_X) line (or the nearest guard above an unconditional one), without CONFIG_, '' if
-- none; cond is everything on the way there (directory guards AND the own line).
CREATE TABLE modules (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    path    TEXT NOT NULL UNIQUE,
    symbol  TEXT NOT NULL,
    cond    INTEGER NOT NULL REFERENCES conds(id),
    modular INTEGER NOT NULL
);
CREATE INDEX modules_name ON modules(name);
CREATE INDEX modules_symbol ON modules(symbol);

-- The C files that make up a module; cond is the extra condition inside the module
-- (foo-$(CONFIG_Z) += bar.o gives bar.c the condition Z).
CREATE TABLE module_sources (
    module INTEGER NOT NULL REFERENCES modules(id),
    source TEXT NOT NULL,
    cond   INTEGER NOT NULL REFERENCES conds(id)
);
CREATE INDEX module_sources_module ON module_sources(module);

-- Alias patterns exactly as scripts/mod/file2alias.c would emit them (type = the
-- MODULE_DEVICE_TABLE type, "pci", "usb", ...), or as a MODULE_ALIAS* string (type = "alias").
-- bus is the pattern's text before the first ':' or '*' ("pci", "usb", "acpi", "fs-ext4" -> "fs"
-- is not split: bus is only a grouping aid). cond = the entry's #if conditions AND its table's
-- AND the source's condition inside the module; source/line point at the entry.
CREATE TABLE aliases (
    module  INTEGER NOT NULL REFERENCES modules(id),
    pattern TEXT NOT NULL,
    type    TEXT NOT NULL,
    bus     TEXT NOT NULL,
    cond    INTEGER NOT NULL REFERENCES conds(id),
    source  TEXT NOT NULL,
    line    INTEGER NOT NULL
);
CREATE INDEX aliases_module ON aliases(module);
CREATE INDEX aliases_bus ON aliases(bus);

-- Other .modinfo facts per module: tag "firmware" (MODULE_FIRMWARE) and "softdep" (MODULE_SOFTDEP).
CREATE TABLE modinfo (
    module INTEGER NOT NULL REFERENCES modules(id),
    tag    TEXT NOT NULL,
    value  TEXT NOT NULL,
    cond   INTEGER NOT NULL REFERENCES conds(id),
    source TEXT NOT NULL,
    line   INTEGER NOT NULL
);
CREATE INDEX modinfo_module ON modinfo(module);

-- Problems found while indexing (malformed files, unknown tables, ...); the index is still usable.
CREATE TABLE problems (
    phase    TEXT NOT NULL,
    path     TEXT NOT NULL,
    line     INTEGER NOT NULL,
    col      INTEGER NOT NULL,
    severity TEXT NOT NULL,
    message  TEXT NOT NULL
);

-- ---- Kconfig (schema version 2) -----------------------------------------------------------
-- The arch's whole Kconfig model, parsed at index time: symbols, types, prompts and defaults with
-- their conditions, dependencies, select/imply, choices, menus, ranges, help, file:line of every
-- definition. `data` is kconfig/model_io.h's serialized form (its own magic and `format`
-- version), loaded by the evaluator; the toolchain it was parsed with is in meta
-- (kconfig_cc, kconfig_ld, kconfig_nm, kconfig_objcopy, kconfig_cc_version_text), because
-- $(cc-option,...) results depend on it. At most one row.
CREATE TABLE kconfig_model (
    format INTEGER NOT NULL,
    data   BLOB NOT NULL
);

-- One row per symbol definition, for people and queries; the model above is authoritative.
-- type: bool, tristate, int, hex, string (or unknown for a symbol used but never defined).
CREATE TABLE kconfig_symbols (
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL
);
CREATE INDEX kconfig_symbols_name ON kconfig_symbols(name);

-- Every $(shell,...) command the Kconfig preprocessor ran (toolchain probes) and its output.
CREATE TABLE kconfig_probes (
    command TEXT NOT NULL,
    output  TEXT NOT NULL
);

-- Config fragments from the tree, by tree-relative path: the arch's defconfig
-- (arch/x86/configs/x86_64_defconfig) and the fragments tinyconfig merges
-- (kernel/configs/tiny-base.config, kernel/configs/tiny.config, arch/x86/configs/tiny.config), and
-- the other kernel/configs/*.config and arch/<srcarch>/configs/* files.
CREATE TABLE kconfig_fragments (
    path TEXT PRIMARY KEY,
    text TEXT NOT NULL
) WITHOUT ROWID;
