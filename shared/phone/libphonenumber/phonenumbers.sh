#!/usr/bin/env bash
# third_party/phonenumbers/ beside this script is github.com/nyaruka/phonenumbers at the version
# go.mod requires, with phonenumbers.patch applied (go.mod's replace points the build at it). The
# patch loads the library's metadata on first use instead of in package init; see the README's
# "libphonenumber, loaded on first use".
#
#   phonenumbers.sh [DIR]   rebuild the copy from the release and the patch, into DIR
#                           (default: third_party/phonenumbers/); run it after a version bump
#                           in go.mod
#   phonenumbers.sh diff    write phonenumbers.patch anew from the release and the copy,
#                           after editing the copy
set -euo pipefail

module=github.com/nyaruka/phonenumbers
here=$(cd "$(dirname "$0")" && pwd)
copy=$here/third_party/phonenumbers
patch=$here/phonenumbers.patch

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The release, from the module proxy, checked against the checksum database: run outside this
# module so that its replace directive does not apply.
version=$(cd "$here" && go list -m -f '{{.Version}}' "$module")
src=$(cd "$work" && env -u GOFLAGS GOWORK=off GO111MODULE=on go mod download -json "$module@$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "phonenumbers.sh: could not download $module@$version" >&2; exit 1; }

# What the copy keeps of the release: the package, its data and its tests, not its tools, docs
# or CI files.
release() {
	mkdir -p "$1"
	(cd "$src" && cp -r --no-preserve=mode LICENSE README.md go.mod go.sum ./*.go ./*.proto data testdata "$1/")
}

case ${1:-} in
diff)
	release "$work/a"
	cp -r "$copy" "$work/b"
	# diff exits 1 when the trees differ, which they must.
	(cd "$work" && diff -ruN a b || [ $? -eq 1 ]) |
		sed -E 's/^(---|\+\+\+) ([^\t]*)\t.*$/\1 \2/' >"$patch"
	echo "wrote $patch against $module@$version"
	;;
*)
	out=${1:-$copy}
	release "$work/tree"
	# git apply works relative to the repository it runs in: give it one of its own.
	git -C "$work/tree" init -q
	git -C "$work/tree" apply -p1 "$patch"
	rm -rf "$work/tree/.git" "$out"
	mkdir -p "$(dirname "$out")"
	cp -r "$work/tree" "$out"
	echo "$out: $module@$version with $(basename "$patch")"
	;;
esac
