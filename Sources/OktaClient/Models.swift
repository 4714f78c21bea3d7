import Foundation

// Typed views of exactly the resources dialpad-okta touches. Every field Okta may omit
// is optional and unknown fields are ignored, so a newer Okta never breaks decoding.

package struct OktaApp: Sendable, Codable, Equatable {
    package var id: String
    package var name: String?
    package var label: String?
    package var status: String?
    package var signOnMode: String?
    package var features: [String]?
    package var lastUpdated: String?
    /// When the app was added: with `lastUpdated`, what tells apart two apps of one label.
    package var created: String?

    package init(id: String, name: String? = nil, label: String? = nil, status: String? = nil, signOnMode: String? = nil,
                features: [String]? = nil, lastUpdated: String? = nil, created: String? = nil) {
        self.id = id; self.name = name; self.label = label; self.status = status
        self.signOnMode = signOnMode; self.features = features; self.lastUpdated = lastUpdated; self.created = created
    }

    package var isProfileSource: Bool { features?.contains("PROFILE_MASTERING") ?? false }
    package var displayName: String { label ?? name ?? id }
}

package struct UserType: Sendable, Codable, Equatable {
    package var id: String
    package var name: String?
    package var displayName: String?
    package var `default`: Bool?
    /// `schema`: the type's own user schema (`/api/v1/meta/schemas/user/{schemaId}`).
    package var _links: Links?

    package struct Links: Sendable, Codable, Equatable {
        package struct Link: Sendable, Codable, Equatable { package var href: String? }
        package var schema: Link?
    }

    package init(id: String, name: String? = nil, displayName: String? = nil, default isDefault: Bool? = nil) {
        self.id = id; self.name = name; self.displayName = displayName; self.default = isDefault
    }

    /// The id of the type's user schema, the last segment of its schema link (docs/REAL-ORGS.md R30).
    package var schemaId: String? {
        guard let href = _links?.schema?.href, let path = URL(string: href)?.path, path.hasPrefix("/api/v1/meta/schemas/user/") else { return nil }
        let id = String(path.dropFirst("/api/v1/meta/schemas/user/".count))
        return id.isEmpty || id.contains("/") ? nil : id
    }
}

package struct SchemaMaster: Sendable, Codable, Equatable {
    package struct Priority: Sendable, Codable, Equatable {
        package var type: String?
        package var value: String?
        package init(type: String?, value: String?) { self.type = type; self.value = value }
    }
    package var type: String?
    package var priority: [Priority]?
    package init(type: String?, priority: [Priority]? = nil) { self.type = type; self.priority = priority }
}

/// One attribute of a user or app user schema (SPEC:UserSchemaAttribute).
package struct SchemaAttribute: Sendable, Codable, Equatable {
    package var title: String?
    package var description: String?
    package var type: String?
    package var required: Bool?
    package var mutability: String?
    package var scope: String?
    package var externalName: String?
    package var externalNamespace: String?
    package var master: SchemaMaster?
    package var permissions: [JSONValue]?
    /// Fields we do not model (`enum`, `minLength`, `unique`, …), kept so a write that
    /// sends this attribute back never drops what Okta or another admin set.
    package var otherFields: [String: JSONValue] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, description, type, required, mutability, scope, externalName, externalNamespace, master, permissions
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        required = try container.decodeIfPresent(Bool.self, forKey: .required)
        mutability = try container.decodeIfPresent(String.self, forKey: .mutability)
        scope = try container.decodeIfPresent(String.self, forKey: .scope)
        externalName = try container.decodeIfPresent(String.self, forKey: .externalName)
        externalNamespace = try container.decodeIfPresent(String.self, forKey: .externalNamespace)
        master = try container.decodeIfPresent(SchemaMaster.self, forKey: .master)
        permissions = try container.decodeIfPresent([JSONValue].self, forKey: .permissions)
        if case .object(let all) = try JSONValue(from: decoder) {
            let known = Set(CodingKeys.allCases.map(\.rawValue))
            otherFields = all.filter { !known.contains($0.key) }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package func encode(to encoder: any Encoder) throws {
        var others = encoder.container(keyedBy: AnyKey.self)
        for (key, value) in otherFields { try others.encode(value, forKey: AnyKey(stringValue: key)) }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encodeIfPresent(required, forKey: .required)
        try container.encodeIfPresent(mutability, forKey: .mutability)
        try container.encodeIfPresent(scope, forKey: .scope)
        try container.encodeIfPresent(externalName, forKey: .externalName)
        try container.encodeIfPresent(externalNamespace, forKey: .externalNamespace)
        try container.encodeIfPresent(master, forKey: .master)
        try container.encodeIfPresent(permissions, forKey: .permissions)
    }

    package init(title: String? = nil, description: String? = nil, type: String? = nil, required: Bool? = nil,
                mutability: String? = nil, scope: String? = nil, externalName: String? = nil,
                externalNamespace: String? = nil, master: SchemaMaster? = nil, permissions: [JSONValue]? = nil) {
        self.title = title; self.description = description; self.type = type; self.required = required
        self.mutability = mutability; self.scope = scope; self.externalName = externalName
        self.externalNamespace = externalNamespace; self.master = master; self.permissions = permissions
    }
}

/// A user schema or an app user schema: only the two attribute sets matter to us.
package struct UserSchema: Sendable, Codable, Equatable {
    package struct Definition: Sendable, Codable, Equatable {
        package var properties: [String: SchemaAttribute]?
        package init(properties: [String: SchemaAttribute]?) { self.properties = properties }
    }
    package struct Definitions: Sendable, Codable, Equatable {
        package var base: Definition?
        package var custom: Definition?
        package init(base: Definition?, custom: Definition?) { self.base = base; self.custom = custom }
    }
    package var id: String?
    package var name: String?
    package var lastUpdated: String?
    package var definitions: Definitions?

    package init(id: String? = nil, name: String? = nil, lastUpdated: String? = nil, definitions: Definitions?) {
        self.id = id; self.name = name; self.lastUpdated = lastUpdated; self.definitions = definitions
    }

    package var customProperties: [String: SchemaAttribute] { definitions?.custom?.properties ?? [:] }
    package var baseProperties: [String: SchemaAttribute] { definitions?.base?.properties ?? [:] }
}

package struct ProfileMappingEnd: Sendable, Codable, Equatable {
    package var id: String
    package var name: String?
    package var type: String?
    package init(id: String, name: String? = nil, type: String? = nil) { self.id = id; self.name = name; self.type = type }
}

package struct MappingProperty: Sendable, Codable, Equatable {
    package var expression: String?
    package var pushStatus: String?
    package init(expression: String?, pushStatus: String?) { self.expression = expression; self.pushStatus = pushStatus }
}

/// A profile mapping; list responses leave `properties` out.
package struct ProfileMapping: Sendable, Codable, Equatable {
    package var id: String
    package var source: ProfileMappingEnd
    package var target: ProfileMappingEnd
    package var properties: [String: MappingProperty]?

    package init(id: String, source: ProfileMappingEnd, target: ProfileMappingEnd, properties: [String: MappingProperty]?) {
        self.id = id; self.source = source; self.target = target; self.properties = properties
    }
}

/// An app assignment, with the Okta user embedded when asked for with `expand=user`.
/// An Okta user (SPEC:User), as far as checking one user needs.
package struct OktaUser: Sendable, Codable, Equatable {
    package struct TypeReference: Sendable, Codable, Equatable {
        package var id: String?
        package init(id: String?) { self.id = id }
    }
    package var id: String
    package var status: String?
    package var type: TypeReference?
    package var profile: [String: JSONValue]?

    package init(id: String, status: String?, type: TypeReference?, profile: [String: JSONValue]?) {
        self.id = id; self.status = status; self.type = type; self.profile = profile
    }

    package var login: String? { profile?["login"]?.stringValue }
}

package struct AppUser: Sendable, Codable, Equatable {
    package struct Embedded: Sendable, Codable, Equatable {
        package struct User: Sendable, Codable, Equatable {
            package struct TypeReference: Sendable, Codable, Equatable {
                package var id: String?
            }
            package var id: String
            package var profile: [String: JSONValue]?
            /// The user's type (docs/REAL-ORGS.md R7): the procedure maps into the default type only.
            package var type: TypeReference?
        }
        package var user: User?
    }
    package var id: String
    package var status: String?
    package var syncState: String?
    /// When Okta last imported this app user from the app.
    package var lastSync: String?
    package var profile: [String: JSONValue]?
    package var _embedded: Embedded?
}

/// An identity provider (SPEC:IdentityProvider): on real orgs its inbound mapping is listed
/// among the apps' (`source.type: appuser`, a `0oa…` id that `GET /api/v1/apps/{id}` does
/// not know), and it may source Okta users itself (`policy.provisioning.profileMaster`).
package struct IdentityProvider: Sendable, Codable, Equatable {
    package struct Policy: Sendable, Codable, Equatable {
        package struct Provisioning: Sendable, Codable, Equatable {
            package var profileMaster: Bool?
            package init(profileMaster: Bool?) { self.profileMaster = profileMaster }
        }
        package var provisioning: Provisioning?
        package init(provisioning: Provisioning?) { self.provisioning = provisioning }
    }

    package var id: String
    package var name: String?
    package var type: String?
    package var status: String?
    package var policy: Policy?

    package init(id: String, name: String? = nil, type: String? = nil, status: String? = nil, profileMaster: Bool? = nil) {
        self.id = id; self.name = name; self.type = type; self.status = status
        self.policy = profileMaster.map { Policy(provisioning: .init(profileMaster: $0)) }
    }

    package var isProfileSource: Bool { policy?.provisioning?.profileMaster ?? false }
    package var displayName: String { name ?? id }
}
