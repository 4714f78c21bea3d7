import OktaClient

/// What the procedure prescribes (the article the README names; docs/ARCHITECTURE.md, "A step").
package struct DesiredConfiguration: Sendable, Equatable {
    package var attributeName = "dialpadPhone"
    package var title = "Dialpad Phone"
    package var description = "Dialpad Phone"
    package var type = "string"
    package var externalName = "phoneNumbers.^[type=='Dialpad'].value"
    package var externalNamespace = "urn:ietf:params:scim:schemas:core:2.0:User"
    package var appLabel = "Dialpad"

    /// The Dialpad app as the search finds it: a label or name starting with the word
    /// (listApplications' `q` also matches names and labels that merely contain it).
    package func looksLikeDialpad(_ app: OktaApp) -> Bool {
        let key = appLabel.lowercased()
        return (app.label ?? "").lowercased().hasPrefix(key) || (app.name ?? "").lowercased().hasPrefix(key)
    }

    package init() {}

    package var mappingExpression: String { "appuser.\(attributeName)" }
}
