{
  description = "hwneeds: the kernel options a machine's hardware needs, from kernel sources";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (pkgs: rec {
        hwneeds = pkgs.stdenv.mkDerivation {
          pname = "hwneeds";
          version = "0.1.0";
          src = self;
          nativeBuildInputs = [ pkgs.meson pkgs.ninja pkgs.pkg-config ];
          buildInputs = [ pkgs.sqlite pkgs.doctest pkgs.nlohmann_json pkgs.systemd pkgs.pciutils pkgs.libusb1 ];
          # Unit tests only: the oracle tests need Debian's kernel packages and skip without them.
          doCheck = true;
          checkPhase = "meson test --suite unit --print-errorlogs";
          meta.mainProgram = "hwneeds";
        };
        default = hwneeds;
      });

      overlays.default = final: prev: {
        hwneeds = self.packages.${final.stdenv.hostPlatform.system}.hwneeds;
      };
    };
}
