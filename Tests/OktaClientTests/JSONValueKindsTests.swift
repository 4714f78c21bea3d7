import Foundation
import Testing
@testable import OktaClient

/// JSONValue reads each JSON kind as that kind, whatever order it tries them in.
@Suite struct JSONValueKindsTests {
    @Test("every kind, nested, reads as itself")
    func everyKind() throws {
        let text = #"{"s":"x","n":1.5,"i":7,"t":true,"f":false,"z":null,"a":[1,"2",[],{}],"o":{"p":{"q":[true]}},"e":"","zero":0}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let expected: JSONValue = .object([
            "s": .string("x"), "n": .number(1.5), "i": .number(7), "t": .bool(true), "f": .bool(false), "z": .null,
            "a": .array([.number(1), .string("2"), .array([]), .object([:])]),
            "o": .object(["p": .object(["q": .array([.bool(true)])])]), "e": .string(""), "zero": .number(0),
        ])
        #expect(value == expected)
    }
}
