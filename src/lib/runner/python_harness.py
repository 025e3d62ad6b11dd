"""The Python half of the Python runner (python.ts is the JavaScript half).

Loaded once per interpreter into its own module. It does everything that would otherwise
cost a crossing between JavaScript and Python per print or per value: it captures output up
to the caps, parses each step with ast, runs it in the run's globals, turns captured values
into plain data and answers with one JSON string per step.

Whatever it answers is data that the host checks again (messages.ts): learner code runs in
this interpreter and may have changed anything here.
"""
import ast
import builtins
import importlib.machinery
# Held here, not looked up on the json module each time: a learner's json.dumps = … then
# changes what their own code sees, never what the harness sends.
from json import dumps, loads
import linecache
import math
import os
import sys
import time
import traceback
import types
import zipimport

MAX_LINES = 1000
MAX_CHARS = 100000
# Error text kept per step; a learner can raise an error with a message of any size.
MAX_ERROR_CHARS = 4000
MAX_TRACEBACK_LINES = 24
STEP_FILE_PREFIX = '<step '
# A trace records at most this many executed lines (Python Tutor's cap), sent in chunks of
# TRACE_CHUNK_LINES so that what was recorded reaches the host even if the worker is ended.
MAX_TRACE_LINES = 1000
TRACE_CHUNK_LINES = 100
# JSON characters of one value in a trace: a value that grows at every line would otherwise be
# copied in full a thousand times.
MAX_TRACE_VALUE_CHARS = 10000


class Output:
    """Mirror of OutputBuffer (output.ts): keeps text up to the caps, then only remembers that it cut."""

    __slots__ = ('parts', 'size', 'lines', 'truncated')
    encoding = 'utf-8'
    errors = 'strict'

    def __init__(self):
        self.parts = []
        self.size = 0
        self.lines = 0
        self.truncated = False

    def write(self, text):
        if type(text) is not str:
            raise TypeError('write() argument must be str, not ' + type(text).__name__)
        if self.truncated or not text:
            return len(text)
        newlines = text.count('\n')
        partial = 0 if text[-1] == '\n' else 1
        if self.lines + newlines + partial <= MAX_LINES and self.size + len(text) <= MAX_CHARS:
            self.parts.append(text)
            self.size += len(text)
            self.lines += newlines
            return len(text)
        for piece in text.splitlines(True):
            if self.lines >= MAX_LINES or self.size + len(piece) > MAX_CHARS:
                self.truncated = True
                break
            self.parts.append(piece)
            self.size += len(piece)
            if piece[-1] == '\n':
                self.lines += 1
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def text(self):
        return ''.join(self.parts)


class NoInput:
    """input() has nobody to ask: the steps run without a keyboard."""

    encoding = 'utf-8'

    def readline(self, *args):
        raise EOFError('input() cannot ask for text here: the steps run on their own. Write the value in your code instead.')

    read = readline

    def isatty(self):
        return False


class Unreadable(Exception):
    def __init__(self, what, at):
        super().__init__(what)
        self.what = what
        self.at = at


FUNCTION_TYPES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.BuiltinMethodType,
                  types.LambdaType, types.MethodWrapperType, types.WrapperDescriptorType)
ITERATOR_TYPES = (types.GeneratorType,)
VIEW_TYPES = (type({}.keys()), type({}.values()), type({}.items()))


def article(word):
    return ('an ' if word[:1].lower() in 'aeiou' else 'a ') + word


def describe(value):
    """What a value is, in the words of plain-data.ts: a sentence fragment after 'is'."""
    kind = type(value)
    if kind is set:
        return 'a set (use a list instead)'
    if kind is frozenset:
        return 'a frozenset (use a list instead)'
    if isinstance(value, type):
        return 'a class'
    if isinstance(value, FUNCTION_TYPES) or kind.__name__ == 'partial':
        return 'a function'
    if isinstance(value, types.ModuleType):
        return 'a module'
    if isinstance(value, ITERATOR_TYPES):
        return 'a generator (use a list instead)'
    if isinstance(value, VIEW_TYPES):
        return article(kind.__name__) + ' view (use a list instead)'
    if kind is range:
        return 'a range (use a list instead)'
    if kind in (bytes, bytearray):
        return kind.__name__ + ' (use a str instead)'
    if kind is complex:
        return 'a complex number'
    if kind is float:
        return 'nan (not a number)' if value != value else 'an infinite float'
    if value is Ellipsis:
        return 'Ellipsis'
    if kind.__module__ == 'builtins':
        if hasattr(value, '__next__'):
            return article(kind.__name__) + ' object (use a list instead)'
        return article(kind.__name__)
    return 'an instance of the class ' + kind.__name__ + ' (use a dict instead)'


def to_plain(value, at, seen):
    kind = type(value)
    if value is None or kind is bool or kind is str or kind is int:
        return value
    if kind is float:
        if math.isfinite(value):
            return value
        raise Unreadable(describe(value), at)
    if kind is list or kind is tuple:
        marker = id(value)
        if marker in seen:
            raise Unreadable('a value that contains itself', at)
        seen.add(marker)
        items = [to_plain(item, at + '[' + str(index) + ']', seen) for index, item in enumerate(value)]
        seen.discard(marker)
        return items
    if isinstance(value, dict):
        marker = id(value)
        if marker in seen:
            raise Unreadable('a value that contains itself', at)
        seen.add(marker)
        mapping = {}
        for key, item in dict.items(value):
            if type(key) is str:
                text = key
            elif type(key) is int:
                text = str(key)
            else:
                raise Unreadable(article(type(key).__name__ if key is not None else 'None') + ' key ' + repr(key)[:40] + ' (use str keys instead)', at)
            mapping[text] = to_plain(item, at + '[' + repr(key) + ']', seen)
        seen.discard(marker)
        return mapping
    raise Unreadable(describe(value), at)


def capture(names, scope):
    values = {}
    unreadable = {}
    for name in names:
        if name not in scope:
            continue
        try:
            values[name] = to_plain(scope[name], '', set())
        except Unreadable as problem:
            unreadable[name] = [problem.what, problem.at]
        except RecursionError:
            unreadable[name] = ['a value nested too deeply to read', '']
        except Exception as problem:
            unreadable[name] = ['a value the checker cannot read (' + type(problem).__name__ + ')', '']
    return values, unreadable


def defined_names(scope):
    names = []
    for name, value in scope.items():
        if name[:2] == '__' and name[-2:] == '__':
            continue
        if isinstance(value, types.ModuleType):
            continue
        if getattr(builtins, name, None) is value:
            continue
        names.append(name)
    return names


def step_file(number):
    return STEP_FILE_PREFIX + str(number) + '>'


def exception_line(error):
    """The last line Python prints for an error, without the leading 'Name: '."""
    # from_exception keeps the traceback, which NameError's "Did you mean" needs.
    lines = list(traceback.TracebackException.from_exception(error, limit=1).format_exception_only())
    last = lines[-1].rstrip('\n') if lines else ''
    prefix = type(error).__name__ + ': '
    if last.startswith(prefix):
        return last[len(prefix):]
    return '' if last == type(error).__name__ else last


def friendly_message(error, message):
    if message:
        return message
    if isinstance(error, MemoryError):
        return 'out of memory: your code asked for more memory than the browser can give (look for a very large list or a loop that keeps adding)'
    if isinstance(error, SystemExit):
        return 'exit() was called, so the code stopped before the end of the step'
    if isinstance(error, KeyboardInterrupt):
        return 'stopped'
    return type(error).__name__


def syntax_error(error, code):
    line = error.lineno or None
    if error.text is None and line is not None:
        lines = code.splitlines()
        if 0 < line <= len(lines):
            error.text = lines[line - 1]
    described = {
        'kind': 'syntax',
        'name': type(error).__name__,
        'message': error.msg or 'invalid syntax',
        'traceback': ''.join(traceback.format_exception_only(type(error), error)).rstrip('\n'),
    }
    if line is not None:
        described['line'] = line
    if error.offset:
        described['column'] = error.offset
    return described


def shorten(lines):
    if len(lines) <= MAX_TRACEBACK_LINES:
        return lines
    keep = MAX_TRACEBACK_LINES // 2
    return lines[:keep] + ['  ... ' + str(len(lines) - 2 * keep) + ' more lines ...\n'] + lines[-keep:]


def runtime_error(error, filename):
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.startswith(STEP_FILE_PREFIX)]
    described = {'kind': 'runtime', 'name': type(error).__name__}
    try:
        message = exception_line(error)
    except Exception:
        message = str(error)
    described['message'] = friendly_message(error, message)[:MAX_ERROR_CHARS]
    here = [frame for frame in frames if frame.filename == filename]
    if here:
        described['line'] = here[-1].lineno
        if here[-1].colno is not None:
            described['column'] = here[-1].colno + 1
    body = shorten(traceback.StackSummary.from_list(frames).format()) if frames else []
    last = type(error).__name__ + (': ' + described['message'] if described['message'] else '')
    described['traceback'] = (('Traceback (most recent call last):\n' + ''.join(body) if body else '') + last)[:MAX_ERROR_CHARS]
    return described


class TraceStop(BaseException):
    """Raised by the tracer into the learner's code to end a traced step at the cap or deadline."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def step_names(tree):
    """The names a step binds or reads, in the order they first appear in its code."""
    found = sorted((node.lineno, node.col_offset, node.id) for node in ast.walk(tree) if isinstance(node, ast.Name))
    return list(dict.fromkeys(name for _, _, name in found))


def trace_text(value):
    """A value as the JSON the trace sends, or (None, what it is) when it cannot be shown."""
    try:
        text = dumps(to_plain(value, '', set()), ensure_ascii=False)
    except Unreadable as problem:
        return None, problem.what + (' at ' + problem.at if problem.at else '')
    except RecursionError:
        return None, 'a value nested too deeply to read'
    except Exception as problem:
        return None, 'a value the trace cannot read (' + type(problem).__name__ + ')'
    if len(text) > MAX_TRACE_VALUE_CHARS:
        return None, 'a value too large to show in the trace'
    return text, None


class Tracer:
    """Records each line a traced step executes, with a plain copy of its names after the line.

    An entry is JSON text built here, holding only the names whose value changed since the
    previous entry; entries go to `flush` (a JavaScript function) TRACE_CHUNK_LINES at a time.
    At MAX_TRACE_LINES or at the deadline it flushes, says why it stopped, and raises TraceStop.
    """

    def __init__(self, flush, seconds):
        self.flush_to = flush
        self.deadline = time.monotonic() + seconds
        self.waited_before = stdlib_rest_seconds
        self.count = 0
        self.pending = []
        self.shown = {}
        self.parts_sent = 0
        self.stopped = None
        self.stop_sent = False
        self.filename = None
        self.names = []
        self.scope = None
        self.output = None

    def begin(self, filename, tree, scope, output):
        self.filename = filename
        self.names = step_names(tree)
        self.scope = scope
        self.output = output

    def __call__(self, frame, event, arg):
        """The global trace function: only frames of the traced step's own code are followed."""
        if event != 'call' or frame.f_code.co_filename != self.filename:
            return None
        # A line is recorded once it has run: at the frame's next line, or when the frame returns.
        running = [None]

        def follow(frame, event, arg):
            if event == 'line' or event == 'return':
                if running[0] is not None:
                    self.record(running[0], frame)
                running[0] = frame.f_lineno if event == 'line' else None
            return follow

        return follow

    def record(self, line, frame):
        if self.count >= MAX_TRACE_LINES:
            self.stop('cap')
        # Time spent fetching the standard library's second zip is not the step's (see opened).
        if time.monotonic() - (stdlib_rest_seconds - self.waited_before) > self.deadline:
            self.stop('time')
        scopes = [self.scope] if frame.f_globals is self.scope and frame.f_code.co_name == '<module>' else [frame.f_locals, frame.f_globals]
        values, unreadable, gone = [], [], []
        for name in self.names:
            where = next((scope for scope in scopes if name in scope), None)
            if where is None:
                if name in self.shown:
                    del self.shown[name]
                    gone.append(dumps(name))
                continue
            text, what = trace_text(where[name])
            key = text if text is not None else '\0' + what
            if self.shown.get(name) == key:
                continue
            self.shown[name] = key
            if text is not None:
                values.append(dumps(name) + ':' + text)
            else:
                unreadable.append(dumps(name) + ':' + dumps(what))
        fields = ['"line":' + str(line)]
        if values:
            fields.append('"values":{' + ','.join(values) + '}')
        if unreadable:
            fields.append('"unreadable":{' + ','.join(unreadable) + '}')
        if gone:
            fields.append('"gone":[' + ','.join(gone) + ']')
        parts = self.output.parts
        if len(parts) > self.parts_sent:
            fields.append('"printed":' + dumps(''.join(parts[self.parts_sent:]), ensure_ascii=False))
            self.parts_sent = len(parts)
        self.pending.append('{' + ','.join(fields) + '}')
        self.count += 1
        if len(self.pending) >= TRACE_CHUNK_LINES:
            self.flush()

    def stop(self, reason):
        self.stopped = reason
        self.flush()
        raise TraceStop(reason)

    def flush(self):
        tell_stop = self.stopped is not None and not self.stop_sent
        if not self.pending and not tell_stop:
            return
        chunk = '{"entries":[' + ','.join(self.pending) + ']'
        if tell_stop:
            chunk += ',"stopped":' + dumps(self.stopped)
            self.stop_sent = True
        self.pending = []
        self.flush_to(chunk + '}')


def trace_stopped(stop):
    if stop.reason == 'cap':
        message = 'the trace stopped after ' + str(MAX_TRACE_LINES) + ' executed lines'
    else:
        message = 'the trace stopped at its time limit'
    return {'kind': 'runtime', 'name': 'TraceStopped', 'message': message}


class Run:
    """One run of steps 1..N: fresh globals, and the interpreter put back as it was afterwards."""

    def __init__(self):
        self.scope = {'__name__': '__main__', '__builtins__': builtins, '__doc__': None}
        self.builtins = dict(builtins.__dict__)
        # This module's own names: code that replaced one (capture, say) changes its own run only.
        self.harness = dict(globals())
        self.path = list(sys.path)
        self.recursion_limit = sys.getrecursionlimit()
        self.cwd = os.getcwd()

    def step(self, number, code, capture_names, tracer=None):
        filename = step_file(number)
        output = Output()
        result = {'status': 'ok'}
        sys.stdout = sys.stderr = output
        try:
            try:
                tree = ast.parse(code, filename)
                compiled = compile(tree, filename, 'exec')
            except SyntaxError as error:
                result['status'] = 'error'
                result['error'] = syntax_error(error, code)
            else:
                linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
                try:
                    if tracer is not None:
                        tracer.begin(filename, tree, self.scope, output)
                        sys.settrace(tracer)
                    exec(compiled, self.scope)
                except TraceStop as stop:
                    result['status'] = 'error'
                    result['error'] = trace_stopped(stop)
                except BaseException as error:
                    result['status'] = 'error'
                    result['error'] = runtime_error(error, filename)
                finally:
                    if tracer is not None:
                        sys.settrace(None)
                        # What the learner's code caught or what an interrupt cut short still goes out.
                        tracer.flush()
        finally:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        result['output'] = output.text()
        result['truncated'] = output.truncated
        if result['status'] == 'ok':
            result['values'], result['unreadable'] = capture(capture_names, self.scope)
        else:
            result['values'], result['unreadable'] = {}, {}
        result['defined'] = defined_names(self.scope)
        return dumps(result)

    def close(self):
        self.scope.clear()
        sys.stdout, sys.stderr, sys.stdin = sys.__stdout__, sys.__stderr__, NO_INPUT
        for name in [name for name in sys.modules if name not in baseline_modules]:
            del sys.modules[name]
        for current, saved in ((builtins.__dict__, self.builtins), (globals(), self.harness)):
            if len(current) != len(saved) or any(current.get(name) is not value for name, value in saved.items()):
                current.clear()
                current.update(saved)
        sys.path[:] = self.path
        if sys.getrecursionlimit() != self.recursion_limit:
            sys.setrecursionlimit(self.recursion_limit)
        if os.getcwd() != self.cwd:
            os.chdir(self.cwd)


# Python starts with part of the standard library: python_stdlib.zip holds what Pyodide and this
# harness import, and a few modules learners often do. The rest, a second zip, is fetched the
# first time code imports a module from it (src/build/python-stdlib.mjs), so that a first visit
# does not download it; the first zip lists that zip's modules. The host sets load_stdlib_rest
# to a function returning the second zip's bytes (or None when it cannot); until then such an
# import fails as Python's own would. The host is told when the module that needed the zip
# has been imported (stdlib_rest_opened): until then it does not count the time against the run.
load_stdlib_rest = None
stdlib_rest_opened = None
# Seconds spent, in all, from asking for the second zip to the end of the module that needed it.
# A trace's deadline moves by as much (see Tracer), as the host's clock stands still for it.
stdlib_rest_seconds = 0.0
STDLIB_REST = '/lib/python_stdlib_rest.zip'
STDLIB_REST_INDEX = '_stepwise_stdlib_rest.txt'


def read_stdlib_rest_index():
    first = next((entry for entry in sys.path if entry.endswith('.zip')), None)
    try:
        return first, frozenset(zipimport.zipimporter(first).get_data(STDLIB_REST_INDEX).decode().split())
    except Exception:
        # A whole standard library (Pyodide as published, in tests): nothing is elsewhere.
        return first, frozenset()


STDLIB_FIRST, STDLIB_REST_MODULES = read_stdlib_rest_index()


class StdlibRest:
    """The last import finder: a module the first zip lacks, and the second holds, comes from the second."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if load_stdlib_rest is None or name not in STDLIB_REST_MODULES:
            return None
        if path is None:
            places = [STDLIB_REST]
        else:
            # A module of a package whose other modules are in the first zip.
            places = [entry.replace(STDLIB_FIRST, STDLIB_REST, 1) for entry in path if entry.startswith(STDLIB_FIRST + '/')]
        if not places:
            return None
        if os.path.exists(STDLIB_REST):
            return importlib.machinery.PathFinder.find_spec(name, places)
        spec = None
        started = time.monotonic()
        try:
            data = load_stdlib_rest()
            if data is None:
                return None
            with open(STDLIB_REST, 'wb') as file:
                file.write(data.to_bytes() if hasattr(data, 'to_bytes') else bytes(data))
            spec = importlib.machinery.PathFinder.find_spec(name, places)
            if spec is not None:
                spec.loader = OpeningLoader(spec.loader, started)
            return spec
        finally:
            if spec is None:
                opened(started)


def opened(started):
    global stdlib_rest_seconds
    stdlib_rest_seconds += time.monotonic() - started
    if stdlib_rest_opened is not None:
        stdlib_rest_opened()


class OpeningLoader:
    """The loader of the module that needed the second zip: it tells the host once that module ran.

    Its first import costs as much again as the download on a busy machine (the zip's table of
    contents, code run for the first time), and it is Python's cost, not the learner's.
    """

    def __init__(self, loader, started):
        self.loader = loader
        self.started = started

    def __getattr__(self, name):
        return getattr(self.loader, name)

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        try:
            self.loader.exec_module(module)
        finally:
            module.__loader__ = self.loader
            if module.__spec__ is not None:
                module.__spec__.loader = self.loader
            opened(self.started)


sys.meta_path.append(StdlibRest)


NO_INPUT = NoInput()
sys.stdin = NO_INPUT
current_run = None
run_waited_before = 0.0
# Modules a learner imports are dropped after each run; these stay (see warm_up).
baseline_modules = set(sys.modules)


def begin_run():
    global current_run, run_waited_before
    if current_run is not None:
        current_run.close()
    current_run = Run()
    run_waited_before = stdlib_rest_seconds


def run_step(number, code, capture_json):
    return current_run.step(number, code, loads(capture_json))


def trace_step(number, code, capture_json, flush, seconds):
    """run_step with every line of this step recorded (see Tracer); `flush` receives the chunks.

    `seconds` was counted from the start of the run: an earlier step's wait for the second zip
    is given back here.
    """
    return current_run.step(number, code, loads(capture_json), Tracer(flush, seconds + stdlib_rest_seconds - run_waited_before))


def end_run():
    global current_run
    if current_run is not None:
        current_run.close()
        current_run = None


def warm_up():
    """Runs throwaway steps once, so that the first real run imports nothing the harness needs."""
    global baseline_modules
    begin_run()
    try:
        run_step(1, 'x = [i for i in range(3)]\nprint(x)\ny = {1}\n', '["x", "y"]')
        run_step(2, 'def f():\n    return missing_name\nf()\n', '[]')
        run_step(3, 'if True\n  pass\n', '[]')
        # A missing comma: Python's message for it ("Perhaps you forgot a comma?") imports difflib.
        run_step(4, "x = [\n    {'a': 1}\n    {'b': 2}\n]\n", '[]')
        trace_step(5, 'z = [x]\nz.append(1)\n', '["z"]', lambda chunk: None, 1)
    finally:
        baseline_modules |= set(sys.modules)
        end_run()
