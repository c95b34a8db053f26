// swift-tools-version:5.9
// The Swift binding of libtdjson (tdjson-rs, or TDLib's own): a C module over
// include/td/telegram/td_json_client.h linking tdjson, and TDClient with async/await.
import PackageDescription

let package = Package(
    name: "TDJson",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "TDJson", targets: ["TDJson"]),
    ],
    targets: [
        .systemLibrary(
            name: "CTDJson",
            path: "Sources/CTDJson",
            pkgConfig: "tdjson",
            providers: [.brew(["tdlib"])]
        ),
        .target(name: "TDJson", dependencies: ["CTDJson"]),
        .executableTarget(name: "TDJsonExample", dependencies: ["TDJson"]),
        .executableTarget(name: "TDJsonBench", dependencies: ["TDJson", "CTDJson"]),
        .testTarget(name: "TDJsonTests", dependencies: ["TDJson"]),
    ]
)
