import { watch, FSWatcher } from 'chokidar';

/**
 * Calls `onChange` once per burst of file changes under `root` (editors save in several steps, a git pull
 * touches many files). chokidar rather than fs.watch: recursive watching and atomic-save handling that work
 * the same on Linux, macOS and network drives.
 */
export class KnowledgeWatcher {
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly root: string,
    private readonly onChange: (paths: string[]) => void,
    private readonly debounceMs = 300,
  ) {}

  async start(): Promise<void> {
    const changed = new Set<string>();
    this.watcher = watch(this.root, { ignoreInitial: true, ignored: (path) => /(^|[/\\])\.[^/\\]/.test(path.slice(this.root.length)), awaitWriteFinish: { stabilityThreshold: 150, pollInterval: 50 } });
    this.watcher.on('all', (_event, path) => {
      changed.add(String(path));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        const paths = [...changed];
        changed.clear();
        this.onChange(paths);
      }, this.debounceMs);
    });
    await new Promise<void>((resolve, reject) => {
      this.watcher!.once('ready', resolve);
      this.watcher!.once('error', reject);
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
  }
}
