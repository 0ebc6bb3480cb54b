// Data loader: prints customer-base.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('customer-base.json');
