import OktaClient

/// What the procedure prescribes (the article the README names; docs/ARCHITECTURE.md, "A step").
public struct DesiredConfiguration: Sendable, Equatable {
    public var attributeName = "dialpadPhone"
    public var title = "Dialpad Phone"
    public var description = "Dialpad Phone"
    public var type = "string"
    public var externalName = "phoneNumbers.^[type=='Dialpad'].value"
    public var externalNamespace = "urn:ietf:params:scim:schemas:core:2.0:User"
    public var appLabel = "Dialpad"

    /// The Dialpad app as the search finds it: a label or name starting with the word
    /// (listApplications' `q` also matches names and labels that merely contain it).
    public func looksLikeDialpad(_ app: OktaApp) -> Bool {
        let key = appLabel.lowercased()
        return (app.label ?? "").lowercased().hasPrefix(key) || (app.name ?? "").lowercased().hasPrefix(key)
    }

    public init() {}

    public var mappingExpression: String { "appuser.\(attributeName)" }
}
