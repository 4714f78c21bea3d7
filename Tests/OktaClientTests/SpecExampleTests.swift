import Foundation
import Testing
import Yams
@testable import OktaClient

/// The spec's examples, as JSON, and which of them each operation's 200 response uses.
struct SpecExamples: Sendable {
    var examples: [String: Data]
    /// operationId → example names of its 200 application/json response.
    var okExamples: [String: [String]]
    /// components.responses name → example names.
    var responseExamples: [String: [String]]

    /// Loaded once (Yams takes a few seconds on the 3.4 MB spec).
    static let shared: SpecExamples = load()

    static func load() -> SpecExamples {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Assets/okta-openapi/management-oneOfInheritance.yaml")
        let text = try! String(contentsOf: url, encoding: .utf8)
        // Timestamps stay strings, as they are on the wire.
        let root = jsonSafe(try! Yams.load(yaml: text, Resolver.default.removing(.timestamp))) as! [String: Any]
        let components = root["components"] as! [String: Any]
        var examples: [String: Data] = [:]
        for (name, example) in components["examples"] as! [String: Any] {
            guard let value = (example as? [String: Any])?["value"] else { continue }
            examples[name] = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
        }
        func refs(_ content: Any?) -> [String] {
            let json = (content as? [String: Any])?["application/json"] as? [String: Any]
            let named = json?["examples"] as? [String: Any] ?? [:]
            return named.values.compactMap { ($0 as? [String: Any])?["$ref"] as? String }
                .map { String($0.split(separator: "/").last!) }.sorted()
        }
        var ok: [String: [String]] = [:]
        for (_, item) in root["paths"] as! [String: Any] {
            for (_, op) in item as? [String: Any] ?? [:] {
                guard let op = op as? [String: Any], let id = op["operationId"] as? String,
                      let responses = op["responses"] as? [String: Any],
                      let response = responses["200"] as? [String: Any] else { continue }
                ok[id] = refs(response["content"])
            }
        }
        var byResponse: [String: [String]] = [:]
        for (name, response) in components["responses"] as? [String: Any] ?? [:] {
            byResponse[name] = refs((response as? [String: Any])?["content"])
        }
        return SpecExamples(examples: examples, okExamples: ok, responseExamples: byResponse)
    }

    /// Yams gives [AnyHashable: Any] with Int keys (response codes) and the odd non-JSON value.
    static func jsonSafe(_ value: Any?) -> Any {
        switch value {
        case nil: return NSNull()
        case let dictionary as [AnyHashable: Any]:
            var out: [String: Any] = [:]
            for (key, value) in dictionary { out[String(describing: key.base)] = jsonSafe(value) }
            return out
        case let dictionary as [String: Any]:
            return dictionary.mapValues { jsonSafe($0) }
        case let array as [Any]: return array.map { jsonSafe($0) }
        case let date as Date: return ISO8601DateFormatter().string(from: date)
        case let data as Data: return data.base64EncodedString()
        case let string as String: return string
        case let number as Int: return number
        case let number as Double: return number
        case let bool as Bool: return bool
        case is NSNull: return NSNull()
        default: return String(describing: value!)
        }
    }

    func data(_ name: String) throws -> Data {
        try #require(examples[name], "example \(name) is missing from the spec")
    }

    func examples(of operation: String) throws -> [String] {
        let names = try #require(okExamples[operation], "operation \(operation) has no 200 response")
        try #require(!names.isEmpty, "operation \(operation) has no 200 examples")
        return names
    }
}

@Suite("Spec example bodies decode with our models")
struct SpecExampleTests {
    let spec = SpecExamples.shared

    @Test("listApplications examples decode as [OktaApp]")
    func listApplications() throws {
        let names = try spec.examples(of: "listApplications")
        #expect(names.count >= 1)
        for name in names {
            let apps = try JSONDecoder().decode([OktaApp].self, from: try spec.data(name))
            #expect(!apps.isEmpty, "\(name)")
            for app in apps {
                #expect(!app.id.isEmpty)
                #expect(app.id.hasPrefix("0oa"), "\(name): \(app.id)")
                #expect(app.name?.isEmpty == false)
                #expect(app.label?.isEmpty == false)
                #expect(app.status == "ACTIVE" || app.status == "INACTIVE")
                #expect(app.signOnMode?.isEmpty == false)
                #expect(app.features != nil)
            }
        }
    }

    @Test("getApplication example decodes as OktaApp")
    func getApplication() throws {
        for name in try spec.examples(of: "getApplication") {
            let app = try JSONDecoder().decode(OktaApp.self, from: try spec.data(name))
            #expect(app.id == "0oa1gjh63g214q0Hq0g4")
            #expect(app.label == "Custom Saml 2.0 App")
            #expect(app.signOnMode == "SAML_2_0")
            #expect(app.isProfileSource == false)
            #expect(app.displayName == "Custom Saml 2.0 App")
        }
    }

    @Test("listApplicationUsers example decodes as [AppUser] with the embedded user")
    func listApplicationUsers() throws {
        for name in try spec.examples(of: "listApplicationUsers") {
            let users = try JSONDecoder().decode([AppUser].self, from: try spec.data(name))
            let first = try #require(users.first)
            #expect(users.allSatisfy { !$0.id.isEmpty })
            #expect(first.id == "00u1dnq5S0CfjlkpABCD")
            #expect(first.syncState == "SYNCHRONIZED")
            #expect(first.profile?["email"]?.stringValue == "saml.test@example.com")
            #expect(first.profile?["mobilePhone"] == .null)
            #expect(first.profile?["salesforceGroups"] == .array([]))
            #expect(first._embedded?.user?.id == first.id)
            #expect(first._embedded?.user?.profile?["login"]?.stringValue == "saml.test@example.com")
        }
    }

    @Test("getUserType and listUserTypes examples decode as UserType")
    func userTypes() throws {
        for name in try spec.examples(of: "getUserType") {
            let type = try JSONDecoder().decode(UserType.self, from: try spec.data(name))
            #expect(type.id.hasPrefix("oty"))
            #expect(type.name == "newUserType")
            #expect(type.default == false)
        }
        for name in try spec.examples(of: "listUserTypes") {
            let types = try JSONDecoder().decode([UserType].self, from: try spec.data(name))
            #expect(types.count == 2)
            let defaultType = try #require(types.first { $0.default == true })
            #expect(defaultType.name == "user")
            #expect(defaultType.id == "otyz9fj2jMiRBC1ZT1d6")
            #expect(defaultType.displayName == "User")
        }
    }

    @Test("getUserSchema examples decode as UserSchema with base and custom properties")
    func userSchema() throws {
        let names = try spec.examples(of: "getUserSchema")
        #expect(names.count == 2)
        for name in names {
            let schema = try JSONDecoder().decode(UserSchema.self, from: try spec.data(name))
            #expect(schema.id?.isEmpty == false)
            #expect(schema.name == "user")
            #expect(Set(schema.baseProperties.keys).isSuperset(of: ["login", "firstName", "lastName", "email"]))
            #expect(schema.baseProperties["login"]?.required == true)
            #expect(schema.baseProperties["login"]?.type == "string")
            #expect(schema.baseProperties["login"]?.permissions?.first?["principal"]?.stringValue == "SELF")
            #expect(schema.definitions?.custom != nil)
        }
        let withCustom = try JSONDecoder().decode(UserSchema.self, from: try spec.data("UserSchemaResponse"))
        let salesforce = try #require(withCustom.customProperties["salesforceUserName"])
        #expect(salesforce.title == "Salesforce username")
        #expect(salesforce.description == "User's username for Salesforce")
        #expect(salesforce.required == false)
        let defaultSchema = try JSONDecoder().decode(UserSchema.self, from: try spec.data("UserSchemaDefaultResponse"))
        #expect(defaultSchema.customProperties.isEmpty)
    }

    @Test("getApplicationUserSchema example decodes with master on base attributes")
    func appUserSchema() throws {
        for name in try spec.examples(of: "getApplicationUserSchema") {
            let schema = try JSONDecoder().decode(UserSchema.self, from: try spec.data(name))
            #expect(schema.name == "Example app")
            #expect(schema.id?.contains("/meta/schemas/apps/") == true)
            let userName = try #require(schema.baseProperties["userName"])
            #expect(userName.required == true)
            #expect(userName.scope == "SELF")
            #expect(userName.master == SchemaMaster(type: "PROFILE_MASTER"))
            #expect(schema.baseProperties.count == 3)
        }
    }

    @Test("listProfileMappings example decodes without properties")
    func listMappings() throws {
        for name in try spec.examples(of: "listProfileMappings") {
            let mappings = try JSONDecoder().decode([ProfileMapping].self, from: try spec.data(name))
            let first = try #require(mappings.first)
            #expect(first.id == "prm1k47ghydIQOTBW0g4")
            #expect(first.source.id == "otysbePhQ3yqt4cVv0g3")
            #expect(first.source.type == "user")
            #expect(first.target.id == "0oa1qmn4LZQQEH0wZ0g4")
            #expect(first.target.type == "appuser")
            #expect(first.target.name == "okta_org2org")
            #expect(first.properties == nil)
        }
    }

    @Test("getProfileMapping example decodes with its properties")
    func getMapping() throws {
        for name in try spec.examples(of: "getProfileMapping") {
            let mapping = try JSONDecoder().decode(ProfileMapping.self, from: try spec.data(name))
            #expect(mapping.id.hasPrefix("prm"))
            #expect(mapping.properties?["firstName"] == MappingProperty(expression: "user.firstName", pushStatus: "PUSH"))
            #expect(mapping.properties?["lastName"]?.expression == "user.lastName")
            #expect(mapping.properties?.count == 2)
        }
    }

    @Test("the update operations' 200 examples decode too", arguments: [
        "updateUserProfile", "updateApplicationUserProfile", "updateProfileMapping",
    ])
    func updateResponses(operation: String) throws {
        let names = spec.okExamples[operation] ?? []
        for name in names {
            let data = try spec.data(name)
            switch operation {
            case "updateProfileMapping":
                let mapping = try JSONDecoder().decode(ProfileMapping.self, from: data)
                #expect(!mapping.id.isEmpty)
                #expect(mapping.properties?.isEmpty == false)
            default:
                let schema = try JSONDecoder().decode(UserSchema.self, from: data)
                #expect(schema.definitions != nil, "\(name)")
            }
        }
        #expect(spec.okExamples[operation] != nil, "\(operation) has no 200 response in the spec")
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var response: String
        var status: Int
        var code: OktaError.Code
        var testDescription: String { response }
    }

    @Test("the spec's Error examples go through OktaError.fromResponse", arguments: [
        ErrorCase(response: "ErrorApiValidationFailed400", status: 400, code: .api),
        ErrorCase(response: "ErrorInvalidToken401", status: 401, code: .api),
        ErrorCase(response: "ErrorAccessDenied403", status: 403, code: .api),
        ErrorCase(response: "ErrorResourceNotFound404", status: 404, code: .api),
        ErrorCase(response: "ErrorTooManyRequests429", status: 429, code: .rateLimited),
        ErrorCase(response: "ErrorInternalServer500", status: 500, code: .api),
    ])
    func errorExamples(_ c: ErrorCase) throws {
        let names = try #require(spec.responseExamples[c.response])
        try #require(!names.isEmpty)
        for name in names {
            let data = try spec.data(name)
            let raw = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let error = OktaError.fromResponse(status: c.status, body: data, headers: [("X-Okta-Request-Id", "req-\(c.status)")],
                                               method: "GET", path: "/api/v1/apps")
            #expect(error.code == c.code)
            #expect(error.httpStatus == c.status)
            #expect(error.errorCode == raw["errorCode"] as? String)
            #expect(error.errorCode?.hasPrefix("E0000") == true)
            #expect(error.errorSummary == raw["errorSummary"] as? String)
            #expect(error.requestId == "req-\(c.status)")
            if case .notAnOktaAnswer = error.problem { Issue.record("Okta's own example read as not Okta's: \(error.problem)") }
            #expect(error.description.contains(error.errorCode ?? "?"))
        }
    }

    @Test("every error example in the spec with errorCauses decodes as an Okta error")
    func allErrorExamplesWithCauses() throws {
        var checked = 0
        var unreadable: [String] = []
        for (name, data) in spec.examples.sorted(by: { $0.key < $1.key }) {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  object["errorCode"] is String, let causes = object["errorCauses"] as? [Any], !causes.isEmpty else { continue }
            checked += 1
            let error = OktaError.fromResponse(status: 400, body: data, headers: [], method: "POST", path: "/x")
            if error.errorCode == nil || error.errorCauses.count != causes.count { unreadable.append(name) }
        }
        #expect(checked > 0)
        #expect(unreadable.isEmpty, "error examples whose errorCauses are dropped: \(unreadable)")
    }
}

@Test("a schema attribute keeps the fields we do not model when written back")
func schemaAttributeRoundTripKeepsUnknownFields() throws {
    let json = #"{"title":"T","type":"string","minLength":2,"enum":["a","b"],"unique":"UNIQUE_VALIDATED","master":{"type":"PROFILE_MASTER"}}"#
    var attribute = try JSONDecoder().decode(SchemaAttribute.self, from: Data(json.utf8))
    #expect(attribute.otherFields["minLength"] == .number(2))
    attribute.title = "Dialpad Phone"
    let back = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder.okta.encode(attribute))
    #expect(back["minLength"] == .number(2))
    #expect(back["enum"] == .array([.string("a"), .string("b")]))
    #expect(back["unique"] == .string("UNIQUE_VALIDATED"))
    #expect(back["title"] == .string("Dialpad Phone"))
    #expect(back["master"]?["type"] == .string("PROFILE_MASTER"))
}
