#!/bin/sh
# no-heap.sh UNSTRIPPED NM - the static binary links no allocator, no
# printf, no stdio streams and no getopt.
#
# musl keeps weak do-nothing stand-ins for some of its internals (W
# __stdio_exit, W __malloc_atfork, V __stdio_ofl_lockptr) that a real
# stdio or malloc would replace with strong definitions; those internals
# fail only when strong.  Public names fail in any form: defined,
# undefined or weak.

BIN=${1:?usage: no-heap.sh UNSTRIPPED NM}
NM=${2:-nm}
passed=0 failed=0

TMP=$(mktemp) || exit 2
trap 'rm -f "$TMP"' EXIT
if ! "$NM" "$BIN" >"$TMP" || [ ! -s "$TMP" ]; then
	echo "[FAIL] $NM $BIN lists symbols"
	echo "0 passed, 1 failed"
	exit 1
fi
SYMS=$(cat "$TMP")

# check NAME "public names" "internal names": any public name, or an
# internal one defined strongly, fails and is named.
check() {
	name=$1
	if ! found=$(awk -v pub="$2" -v inner="$3" '
		BEGIN {
			gsub(/[ \t\n]+/, " ", pub); pub = " " pub " "
			gsub(/[ \t\n]+/, " ", inner); inner = " " inner " "
		}
		{ sym = $NF; type = (NF == 3 ? $2 : $1) }
		# a file-local symbol (t d b r) belongs to bustd, not libc
		index(pub, " " sym " ") && type !~ /^[tdbr]$/ {
			printf "%s (%s) ", sym, type; next
		}
		index(inner, " " sym " ") && type ~ /^[TDBRtdbr]$/ {
			printf "%s (%s) ", sym, type
		}' "$TMP"); then
		failed=$((failed + 1))
		echo "[FAIL] $name: awk failed"
	elif [ -n "$found" ]; then
		failed=$((failed + 1))
		echo "[FAIL] $name: $found"
	else
		passed=$((passed + 1))
		echo "[OK] $name"
	fi
}

check "no heap" \
	"malloc calloc realloc free reallocarray aligned_alloc posix_memalign
	 memalign valloc pvalloc malloc_usable_size strdup strndup
	 __libc_malloc __libc_calloc __libc_realloc __libc_free
	 __libc_malloc_impl __malloc_donate brk sbrk" \
	"__malloc_atfork __malloc_lock"
check "no printf family" \
	"printf fprintf dprintf sprintf snprintf asprintf vprintf vfprintf
	 vdprintf vsprintf vsnprintf vasprintf __printf_chk __fprintf_chk
	 __sprintf_chk __snprintf_chk __vfprintf_chk __vsnprintf_chk
	 printf_core fmt_fp perror psignal err errx warn warnx" ""
check "no FILE streams" \
	"stdin stdout stderr __stdin_FILE __stdout_FILE __stderr_FILE
	 __stdin_used __stdout_used __stderr_used fopen fdopen freopen fclose
	 fflush fwrite fputs puts fputc putc putchar fgets fgetc getc
	 getchar fread fseek ftell setvbuf setbuf __stdio_write __stdio_read
	 __stdio_seek __stdio_close __towrite __toread __fwritex __overflow
	 __uflow __ofl_add __ofl_lock _IO_puts _IO_printf _IO_2_1_stdout_
	 _IO_2_1_stderr_ _IO_file_write syslog openlog vsyslog" \
	"__stdio_exit __stdio_exit_needed"
check "no getopt" \
	"getopt getopt_long getopt_long_only __getopt_msg optarg optind opterr
	 optopt __optreset __optpos" ""

# The checks above prove nothing on the wrong file: it must be the static
# bustd, with its own symbols and nothing left for a dynamic loader.
# (-flto may inline config_parse or leave only a local clone of it)
if printf '%s\n' "$SYMS" | grep -qE ' [Tt] config_parse(_with)?([.]|$)' &&
   printf '%s\n' "$SYMS" | grep -q ' T main$'; then
	passed=$((passed + 1)); echo "[OK] it is bustd, unstripped"
else
	failed=$((failed + 1)); echo "[FAIL] it is bustd, unstripped: no T main / T config_parse"
fi
# _gp_disp and __gnu_local_gp: on mips, the linker's own names for the
# GOT pointer; nm lists them undefined even in a static link.
undef=$(printf '%s\n' "$SYMS" | awk '$1 == "U" && $2 != "_gp_disp" &&
	$2 != "__gnu_local_gp" { print $2 }' | tr '\n' ' ')
if [ -z "$undef" ]; then
	passed=$((passed + 1)); echo "[OK] static: no undefined symbols"
else
	failed=$((failed + 1)); echo "[FAIL] static: no undefined symbols: $undef"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
