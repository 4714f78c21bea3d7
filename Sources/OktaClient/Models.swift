import Foundation

// Typed views of exactly the resources dialpad-okta touches. Every field Okta may omit
// is optional and unknown fields are ignored, so a newer Okta never breaks decoding.

public struct OktaApp: Sendable, Codable, Equatable {
    public var id: String
    public var name: String?
    public var label: String?
    public var status: String?
    public var signOnMode: String?
    public var features: [String]?
    public var lastUpdated: String?

    public init(id: String, name: String? = nil, label: String? = nil, status: String? = nil, signOnMode: String? = nil,
                features: [String]? = nil, lastUpdated: String? = nil) {
        self.id = id; self.name = name; self.label = label; self.status = status
        self.signOnMode = signOnMode; self.features = features; self.lastUpdated = lastUpdated
    }

    public var isProfileSource: Bool { features?.contains("PROFILE_MASTERING") ?? false }
    public var displayName: String { label ?? name ?? id }
}

public struct UserType: Sendable, Codable, Equatable {
    public var id: String
    public var name: String?
    public var displayName: String?
    public var `default`: Bool?
    /// `schema`: the type's own user schema (`/api/v1/meta/schemas/user/{schemaId}`).
    public var _links: Links?

    public struct Links: Sendable, Codable, Equatable {
        public struct Link: Sendable, Codable, Equatable { public var href: String? }
        public var schema: Link?
    }

    public init(id: String, name: String? = nil, displayName: String? = nil, default isDefault: Bool? = nil) {
        self.id = id; self.name = name; self.displayName = displayName; self.default = isDefault
    }

    /// The id of the type's user schema, the last segment of its schema link (docs/REAL-ORGS.md R30).
    public var schemaId: String? {
        guard let href = _links?.schema?.href, let path = URL(string: href)?.path, path.hasPrefix("/api/v1/meta/schemas/user/") else { return nil }
        let id = String(path.dropFirst("/api/v1/meta/schemas/user/".count))
        return id.isEmpty || id.contains("/") ? nil : id
    }
}

public struct SchemaMaster: Sendable, Codable, Equatable {
    public struct Priority: Sendable, Codable, Equatable {
        public var type: String?
        public var value: String?
        public init(type: String?, value: String?) { self.type = type; self.value = value }
    }
    public var type: String?
    public var priority: [Priority]?
    public init(type: String?, priority: [Priority]? = nil) { self.type = type; self.priority = priority }
}

/// One attribute of a user or app user schema (SPEC:UserSchemaAttribute).
public struct SchemaAttribute: Sendable, Codable, Equatable {
    public var title: String?
    public var description: String?
    public var type: String?
    public var required: Bool?
    public var mutability: String?
    public var scope: String?
    public var externalName: String?
    public var externalNamespace: String?
    public var master: SchemaMaster?
    public var permissions: [JSONValue]?
    /// Fields we do not model (`enum`, `minLength`, `unique`, …), kept so a write that
    /// sends this attribute back never drops what Okta or another admin set.
    public var otherFields: [String: JSONValue] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, description, type, required, mutability, scope, externalName, externalNamespace, master, permissions
    }

    public init(from decoder: any Decoder) throws {
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

    public func encode(to encoder: any Encoder) throws {
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

    public init(title: String? = nil, description: String? = nil, type: String? = nil, required: Bool? = nil,
                mutability: String? = nil, scope: String? = nil, externalName: String? = nil,
                externalNamespace: String? = nil, master: SchemaMaster? = nil, permissions: [JSONValue]? = nil) {
        self.title = title; self.description = description; self.type = type; self.required = required
        self.mutability = mutability; self.scope = scope; self.externalName = externalName
        self.externalNamespace = externalNamespace; self.master = master; self.permissions = permissions
    }
}

/// A user schema or an app user schema: only the two attribute sets matter to us.
public struct UserSchema: Sendable, Codable, Equatable {
    public struct Definition: Sendable, Codable, Equatable {
        public var properties: [String: SchemaAttribute]?
        public init(properties: [String: SchemaAttribute]?) { self.properties = properties }
    }
    public struct Definitions: Sendable, Codable, Equatable {
        public var base: Definition?
        public var custom: Definition?
        public init(base: Definition?, custom: Definition?) { self.base = base; self.custom = custom }
    }
    public var id: String?
    public var name: String?
    public var lastUpdated: String?
    public var definitions: Definitions?

    public init(id: String? = nil, name: String? = nil, lastUpdated: String? = nil, definitions: Definitions?) {
        self.id = id; self.name = name; self.lastUpdated = lastUpdated; self.definitions = definitions
    }

    public var customProperties: [String: SchemaAttribute] { definitions?.custom?.properties ?? [:] }
    public var baseProperties: [String: SchemaAttribute] { definitions?.base?.properties ?? [:] }
}

public struct ProfileMappingEnd: Sendable, Codable, Equatable {
    public var id: String
    public var name: String?
    public var type: String?
    public init(id: String, name: String? = nil, type: String? = nil) { self.id = id; self.name = name; self.type = type }
}

public struct MappingProperty: Sendable, Codable, Equatable {
    public var expression: String?
    public var pushStatus: String?
    public init(expression: String?, pushStatus: String?) { self.expression = expression; self.pushStatus = pushStatus }
}

/// A profile mapping; list responses leave `properties` out.
public struct ProfileMapping: Sendable, Codable, Equatable {
    public var id: String
    public var source: ProfileMappingEnd
    public var target: ProfileMappingEnd
    public var properties: [String: MappingProperty]?

    public init(id: String, source: ProfileMappingEnd, target: ProfileMappingEnd, properties: [String: MappingProperty]?) {
        self.id = id; self.source = source; self.target = target; self.properties = properties
    }
}

/// An app assignment, with the Okta user embedded when asked for with `expand=user`.
/// An Okta user (SPEC:User), as far as checking one user needs.
public struct OktaUser: Sendable, Codable, Equatable {
    public struct TypeReference: Sendable, Codable, Equatable {
        public var id: String?
        public init(id: String?) { self.id = id }
    }
    public var id: String
    public var status: String?
    public var type: TypeReference?
    public var profile: [String: JSONValue]?

    public init(id: String, status: String?, type: TypeReference?, profile: [String: JSONValue]?) {
        self.id = id; self.status = status; self.type = type; self.profile = profile
    }

    public var login: String? { profile?["login"]?.stringValue }
}

public struct AppUser: Sendable, Codable, Equatable {
    public struct Embedded: Sendable, Codable, Equatable {
        public struct User: Sendable, Codable, Equatable {
            public struct TypeReference: Sendable, Codable, Equatable {
                public var id: String?
            }
            public var id: String
            public var profile: [String: JSONValue]?
            /// The user's type (docs/REAL-ORGS.md R7): the procedure maps into the default type only.
            public var type: TypeReference?
        }
        public var user: User?
    }
    public var id: String
    public var status: String?
    public var syncState: String?
    /// When Okta last imported this app user from the app.
    public var lastSync: String?
    public var profile: [String: JSONValue]?
    public var _embedded: Embedded?
}

/// An identity provider (SPEC:IdentityProvider): on real orgs its inbound mapping is listed
/// among the apps' (`source.type: appuser`, a `0oa…` id that `GET /api/v1/apps/{id}` does
/// not know), and it may source Okta users itself (`policy.provisioning.profileMaster`).
public struct IdentityProvider: Sendable, Codable, Equatable {
    public struct Policy: Sendable, Codable, Equatable {
        public struct Provisioning: Sendable, Codable, Equatable {
            public var profileMaster: Bool?
            public init(profileMaster: Bool?) { self.profileMaster = profileMaster }
        }
        public var provisioning: Provisioning?
        public init(provisioning: Provisioning?) { self.provisioning = provisioning }
    }

    public var id: String
    public var name: String?
    public var type: String?
    public var status: String?
    public var policy: Policy?

    public init(id: String, name: String? = nil, type: String? = nil, status: String? = nil, profileMaster: Bool? = nil) {
        self.id = id; self.name = name; self.type = type; self.status = status
        self.policy = profileMaster.map { Policy(provisioning: .init(profileMaster: $0)) }
    }

    public var isProfileSource: Bool { policy?.provisioning?.profileMaster ?? false }
    public var displayName: String { name ?? id }
}
