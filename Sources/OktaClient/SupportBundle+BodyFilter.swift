import Foundation

// MARK: - What a body keeps

/// The fields the product decodes (Models.swift), by endpoint; everything else is dropped.
enum BodyFilter {
    static func pick(_ value: JSONValue, _ keys: [String]) -> JSONValue {
        guard case .object(let fields) = value else { return .null }
        return .object(fields.filter { keys.contains($0.key) })
    }

    static func each(_ value: JSONValue, _ transform: (JSONValue) -> JSONValue) -> JSONValue {
        if case .array(let items) = value { return .array(items.map(transform)) }
        return transform(value)
    }

    static func app(_ value: JSONValue) -> JSONValue {
        pick(value, ["id", "name", "label", "status", "signOnMode", "features", "lastUpdated"])
    }

    static func userType(_ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "name", "displayName", "default"]) else { return .null }
        if let href = value["_links"]?["schema"]?["href"] { fields["_links"] = .object(["schema": .object(["href": href])]) }
        return .object(fields)
    }

    /// What the product reads of every attribute: its kind and how Okta fills it. Titles,
    /// descriptions, enums and patterns are the org's own words (a name, a mail domain, a
    /// desk number): only the product's attribute keeps them, and only as it compares them.
    static let attributeFields = ["type", "required", "mutability", "scope", "externalName", "externalNamespace",
                                  "master", "permissions", "minLength", "maxLength", "unique", "format", "union"]
    /// The attribute the product sets up and its words (SetupEngine's DesiredConfiguration).
    static let productAttribute = "dialpadPhone"
    static let productTitle = "Dialpad Phone"

    static func attribute(_ name: String, _ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, attributeFields) else { return .null }
        if case .object(let items)? = value["items"] { fields["items"] = pick(.object(items), ["type"]) }
        guard name == productAttribute else {
            // Okta requires a title: the name stands for it.
            if value["title"] != nil { fields["title"] = .string(name) }
            return .object(fields)
        }
        // The product compares these with its own: kept when they are its words, else a fake
        // that differs just as the original did.
        for key in ["title", "description"] {
            guard case .string(let text)? = value[key] else { continue }
            fields[key] = .string(text == productTitle ? text : pseudonyms.fake(text))
        }
        // Kept so a write that sends the attribute back keeps them, each value a fake.
        for key in ["enum", "oneOf"] where value[key] != nil { fields[key] = pseudonyms.profile(value[key]!) }
        return .object(fields)
    }

    static func schema(_ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "name", "lastUpdated"]) else { return .null }
        var definitions: [String: JSONValue] = [:]
        for part in ["base", "custom"] {
            guard case .object(let properties)? = value["definitions"]?[part]?["properties"] else { continue }
            var kept: [String: JSONValue] = [:]
            for (name, attribute) in properties { kept[name] = Self.attribute(name, attribute, &pseudonyms) }
            var definition: [String: JSONValue] = ["properties": .object(kept)]
            if let required = value["definitions"]?[part]?["required"] { definition["required"] = required }
            definitions[part] = .object(definition)
        }
        if !definitions.isEmpty { fields["definitions"] = .object(definitions) }
        return .object(fields)
    }

    static func mapping(_ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id"]) else { return .null }
        for end in ["source", "target"] where value[end] != nil { fields[end] = pick(value[end]!, ["id", "name", "type"]) }
        if case .object(let properties)? = value["properties"] {
            fields["properties"] = .object(properties.mapValues { pick($0, ["expression", "pushStatus"]) })
        }
        return .object(fields)
    }

    static func identityProvider(_ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "name", "type", "status"]) else { return .null }
        if let master = value["policy"]?["provisioning"]?["profileMaster"] {
            fields["policy"] = .object(["provisioning": .object(["profileMaster": master])])
        }
        return .object(fields)
    }

    static func user(_ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "status"]) else { return .null }
        if let type = value["type"]?["id"] { fields["type"] = .object(["id": type]) }
        if let profile = value["profile"] { fields["profile"] = pseudonyms.profile(profile) }
        return .object(fields)
    }

    static func appUser(_ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, ["id", "status", "syncState", "lastSync", "scope"]) else { return .null }
        if let profile = value["profile"] { fields["profile"] = pseudonyms.profile(profile) }
        if let embedded = value["_embedded"]?["user"] { fields["_embedded"] = .object(["user": user(embedded, &pseudonyms)]) }
        return .object(fields)
    }

    static func keep(_ value: JSONValue, route: SupportBundle.Route, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        switch route {
        case .apps, .app: return each(value, app)
        case .userTypes, .userType: return each(value, userType)
        case .schema: return schema(value, &pseudonyms)
        case .mappings, .mapping: return each(value, mapping)
        case .identityProviders: return each(value, identityProvider)
        case .organization:
            // Okta maps the org's id straight to the customer, as it does the host.
            guard case .object(var fields) = pick(value, ["id", "pipeline"]) else { return .null }
            if case .string(let id)? = fields["id"] { fields["id"] = .string(pseudonyms.orgId(id)) }
            return .object(fields)
        case .users, .user:
            if case .array(let items) = value { return .array(items.map { user($0, &pseudonyms) }) }
            return user(value, &pseudonyms)
        case .appUsers, .appUser:
            if case .array(let items) = value { return .array(items.map { appUser($0, &pseudonyms) }) }
            return appUser(value, &pseudonyms)
        case .other: return .null
        }
    }

    /// Okta's error: its code and summaries, whose values are pseudonymised as free text.
    static func error(_ value: JSONValue, _ pseudonyms: inout Pseudonyms) -> JSONValue {
        guard case .object(var fields) = pick(value, ["errorCode", "errorSummary", "errorCauses", "error"]) else { return .null }
        if case .string(let summary)? = fields["errorSummary"] { fields["errorSummary"] = .string(pseudonyms.text(summary)) }
        if case .array(let causes)? = fields["errorCauses"] {
            fields["errorCauses"] = .array(causes.map { cause in
                .object(["errorSummary": .string(pseudonyms.text(cause["errorSummary"]?.stringValue ?? ""))])
            })
        }
        return .object(fields)
    }
}
