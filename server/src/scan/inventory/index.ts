// The package inventory stage of the image scan.
export { INVENTORY_FILES } from './inventory-files';
export { takeInventory } from './take-inventory';
