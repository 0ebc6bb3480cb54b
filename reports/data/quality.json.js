// Data loader: prints quality.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('quality.json');
