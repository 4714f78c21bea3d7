// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "dialpad-okta",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dialpad-okta", targets: ["dialpad-okta"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // What Okta's published spec says of each operation the product calls (generated).
        .target(name: "OktaSpec", swiftSettings: strict),
        .target(
            name: "OktaClient",
            dependencies: [
                "OktaSpec",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OktaSimulator",
            dependencies: [
                "OktaSpec",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            // The seeds are compiled in (SeedTexts/*.generated.swift): no bundle to install.
            exclude: ["Seeds"],
            swiftSettings: strict
        ),
        .target(
            name: "SetupEngine",
            dependencies: ["OktaClient", "OktaSpec", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "TerminalUI", swiftSettings: strict),
        .target(name: "NcursesTerminal", dependencies: ["CNcursesw", "TerminalUI"], swiftSettings: strict),
        .target(
            name: "Wizard",
            dependencies: ["SetupEngine", "OktaClient", "TerminalUI"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "dialpad-okta",
            dependencies: [
                "OktaClient", "SetupEngine", "OktaSimulator", "Wizard", "NcursesTerminal", "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // What several test targets share: a scripted HTTP server for the client's edge cases, a JWS detector.
        .target(name: "TestSupport", dependencies: [.product(name: "Hummingbird", package: "hummingbird")], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "OktaClientTests", dependencies: ["OktaClient", "OktaSimulator", "OktaSpec", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(name: "OktaSimulatorTests", dependencies: ["OktaSimulator", "OktaSpec", .product(name: "Yams", package: "Yams"), .product(name: "AsyncHTTPClient", package: "async-http-client")], swiftSettings: strict),
        .testTarget(name: "SetupEngineTests", dependencies: ["SetupEngine", "OktaClient", "OktaSimulator", "OktaSpec"], swiftSettings: strict),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"], swiftSettings: strict),
        .testTarget(name: "WizardTests", dependencies: ["Wizard", "TerminalUI", "SetupEngine", "OktaClient", "OktaSimulator", "TestSupport"],
                    exclude: ["Golden"], swiftSettings: strict),
                .testTarget(name: "EndToEndTests", dependencies: ["dialpad-okta", "OktaSimulator", "TestSupport", "OktaClient", "SetupEngine", "Wizard", .product(name: "Hummingbird", package: "hummingbird")], swiftSettings: strict),
    ]
)
