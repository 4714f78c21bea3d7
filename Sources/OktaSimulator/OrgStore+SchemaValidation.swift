import Foundation

/// Validating a schema write as Okta does, and the defaults Okta fills in: what a write to
/// the user schema or an app user schema would make of it, or every cause it is refused for.
extension OrgStore {
    /// A custom attribute with the fields Okta fills in when a write leaves them out. Not
    /// `master`: Okta leaves it out of many custom attributes (124 of 479 recorded property
    /// instances), which then inherit the profile source (docs/REAL-ORGS.md R27).
    static func withDefaults(_ attribute: JSON, isApp: Bool) -> JSON {
        guard case .object(var fields) = attribute else { return attribute }
        if fields["scope"] == nil || fields["scope"] == .null { fields["scope"] = "NONE" }
        if !isApp {
            if fields["mutability"] == nil || fields["mutability"] == .null { fields["mutability"] = "READ_WRITE" }
            if fields["permissions"] == nil || fields["permissions"] == .null { fields["permissions"] = SchemaDefs.selfRW }
        }
        return .object(fields)
    }

    struct SchemaOutcome {
        var base: [String: JSON]
        var custom: [String: JSON]
        var removed: [String]
    }

    func computeSchemaUpdate(body: JSON, base: [String: JSON], custom: [String: JSON],
                             deleted: [String: ContinuousClock.Instant], isApp: Bool) throws -> SchemaOutcome
    {
        guard case .object(let root) = body else { throw APIError.malformed }
        var causes: [String] = []
        var newBase = base
        var newCustom = custom
        var removed: [String] = []
        var cleaningUp = false
        let definitions = root["definitions"] ?? .null
        if !definitions.isNull && definitions.objectValue == nil { causes.append("definitions: must be an object") }
        func sectionProperties(_ section: String) -> [String: JSON] {
            guard let sectionJSON = definitions[section], !sectionJSON.isNull else { return [:] }
            guard let propertiesJSON = sectionJSON["properties"], !propertiesJSON.isNull else { return [:] }
            guard let properties = propertiesJSON.objectValue else {
                causes.append("definitions.\(section).properties: must be an object")
                return [:]
            }
            return properties
        }
        let baseProps = sectionProperties("base")
        let customProps = sectionProperties("custom")
        let now = ContinuousClock.now
        let baseLower = Dictionary(base.keys.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let customLower = Dictionary(custom.keys.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })

        for name in baseProps.keys.sorted() {
            let attribute = baseProps[name]!
            guard let existing = base[name] else {
                causes.append("Base attribute '\(name)' does not exist; base attributes cannot be added.")
                continue
            }
            guard case .object(let fields) = attribute else {
                causes.append("Base attribute '\(name)' cannot be removed.")
                continue
            }
            if let type = fields["type"]?.stringValue, type != existing["type"]?.stringValue {
                causes.append("The type of base attribute '\(name)' cannot be changed.")
                continue
            }
            var merged = existing.objectValue ?? [:]
            for key in ["title", "description", "master", "permissions"] { if let newValue = fields[key] { merged[key] = newValue } }
            if let master = merged["master"], !master.isNull { validateMaster(master, name: name, causes: &causes) }
            newBase[name] = .object(merged)
        }

        for name in customProps.keys.sorted() {
            let attribute = customProps[name]!
            if attribute.isNull {
                if custom[name] != nil {
                    newCustom[name] = nil
                    removed.append(name)
                }
                continue
            }
            guard case .object(let fields) = attribute else {
                causes.append("Property '\(name)' must be an object or null.")
                continue
            }
            let existing = custom[name]
            guard let type = fields["type"]?.stringValue, !type.isEmpty else {
                causes.append("type: The field cannot be left blank (property '\(name)').")
                continue
            }
            guard SchemaDefs.allowedTypes.contains(type) else {
                causes.append("type: Invalid type '\(type)' for property '\(name)'; use string, boolean, number, integer or array.")
                continue
            }
            if (fields["title"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                causes.append("title: The field cannot be left blank (property '\(name)').")
            }
            if let existing {
                if let existingType = existing["type"]?.stringValue, existingType != type {
                    causes.append("Cannot change the type of existing attribute '\(name)' from '\(existingType)' to '\(type)'.")
                    continue
                }
            } else {
                let lower = name.lowercased()
                if let other = baseLower[lower] ?? customLower[lower] {
                    causes.append("Property name '\(name)' conflicts with the existing attribute '\(other)' (names are case-insensitive).")
                    continue
                }
                if let deletedAt = deleted[lower], now - deletedAt < .milliseconds(Int64(cleanupSeconds * 1000)) {
                    // Okta's words (terraform-provider-okta, resource_okta_group_custom_schema_property_test.go; R26).
                    causes.append(Self.cleanupCause(name))
                    cleaningUp = true
                    continue
                }
            }
            if let scope = fields["scope"], !scope.isNull, scope != "NONE", scope != "SELF" {
                causes.append("scope: Invalid value for property '\(name)'; use NONE or SELF.")
            }
            if let master = fields["master"], !master.isNull { validateMaster(master, name: name, causes: &causes) }
            newCustom[name] = OrgStore.withDefaults(.object(fields), isApp: isApp)
        }
        // A refusal during a clean-up names Okta's operation, as recorded (R26).
        if !causes.isEmpty { throw APIError.validation(cleaningUp ? (isApp ? "updateAppUserSchemas" : "updateUserSchemas") : "newSchema", causes) }
        // Okta leaves `required: false` out of custom attributes in its answers (docs/REAL-ORGS.md R11).
        for (name, attribute) in newCustom {
            if case .object(var fields) = attribute, fields["required"] == .bool(false) {
                fields["required"] = nil
                newCustom[name] = .object(fields)
            }
        }
        return SchemaOutcome(base: newBase, custom: newCustom, removed: removed)
    }

    static func cleanupCause(_ name: String) -> String {
        "You cannot add the attribute with the variable name '\(name)' because the deletion process for an attribute with the same variable name is incomplete. Wait until the data clean up process finishes and then try again."
    }

    func validateMaster(_ master: JSON, name: String, causes: inout [String]) {
        guard case .object(let masterFields) = master, let masterType = masterFields["type"]?.stringValue else {
            causes.append("master.type: The field cannot be left blank (property '\(name)').")
            return
        }
        guard ["PROFILE_MASTER", "OKTA", "OVERRIDE"].contains(masterType) else {
            causes.append("master.type: Invalid value '\(masterType)' for property '\(name)'; use PROFILE_MASTER, OKTA or OVERRIDE.")
            return
        }
        if masterType == "OVERRIDE" {
            let priority = masterFields["priority"]?.arrayValue ?? []
            if priority.isEmpty {
                causes.append("master.priority: OVERRIDE requires at least one priority entry (property '\(name)').")
            }
            for entry in priority {
                guard entry["type"]?.stringValue == "APP" else {
                    causes.append("master.priority: Invalid priority type for property '\(name)'; use APP.")
                    continue
                }
                guard let appId = entry["value"]?.stringValue, apps[appId] != nil else {
                    causes.append("master.priority: '\(entry["value"]?.stringValue ?? "")' is not a valid app instance id (property '\(name)').")
                    continue
                }
            }
        } else if let priority = masterFields["priority"]?.arrayValue, !priority.isEmpty {
            causes.append("master.priority: priority is allowed only with master type OVERRIDE (property '\(name)').")
        }
    }
}
