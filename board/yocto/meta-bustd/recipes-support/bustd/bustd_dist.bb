# bustd from a release tarball that bustd's "make dist" wrote, checked
# against the bustd-VERSION.tar.gz.hash that make dist wrote beside it (a
# tarball cannot carry its own hash; Yocto's local fetcher checks none, so
# this recipe does).  In local.conf:
#   BUSTD_DIST = "/path/to/bustd-VERSION.tar.gz"
# Skipped while BUSTD_DIST is unset (bustd_git.bb builds then); preferred
# over bustd_git.bb once it is set.  Linking as bustd_git.bb says.
require bustd_git.bb

BUSTD_DIST ??= ""
python () {
    import os
    dist = d.getVar('BUSTD_DIST')
    if not dist:
        raise bb.parse.SkipRecipe("BUSTD_DIST is unset (a make dist tarball)")
    name = os.path.basename(dist)
    if not (name.startswith('bustd-') and name.endswith('.tar.gz')):
        bb.fatal("BUSTD_DIST: %s is not a bustd-VERSION.tar.gz" % dist)
    d.setVar('PV', name[len('bustd-'):-len('.tar.gz')])
}
DEFAULT_PREFERENCE = "1"
SRC_URI = "file://${BUSTD_DIST}"
S = "${WORKDIR}/bustd-${PV}"

python bustd_check_dist() {
    import hashlib
    dist = d.getVar('BUSTD_DIST')
    with open(dist + '.hash') as f:
        want = f.read().split()[1]
    with open(dist, 'rb') as f:
        got = hashlib.sha256(f.read()).hexdigest()
    if got != want:
        bb.fatal("%s: sha256 %s, but %s.hash says %s" % (dist, got, dist, want))
}
do_fetch[postfuncs] += "bustd_check_dist"
