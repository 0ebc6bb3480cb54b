-- The declared customer attributes and event types (schema.sql: attribute_declarations,
-- event_type_declarations), as ingest records them and the features read them.

-- name: attributes
SELECT name, kind, label_en, label_zh FROM attribute_declarations ORDER BY name;

-- name: event_types
SELECT type, label_en, label_zh FROM event_type_declarations ORDER BY type;

-- name: declare_attribute
-- The kind never changes once declared (checked before a load); labels follow the latest file.
INSERT INTO attribute_declarations VALUES ($name, $kind, $label_en, $label_zh)
ON CONFLICT (name) DO UPDATE SET label_en = EXCLUDED.label_en, label_zh = EXCLUDED.label_zh;

-- name: declare_event_type
INSERT INTO event_type_declarations VALUES ($type, $label_en, $label_zh)
ON CONFLICT (type) DO UPDATE SET label_en = EXCLUDED.label_en, label_zh = EXCLUDED.label_zh;
